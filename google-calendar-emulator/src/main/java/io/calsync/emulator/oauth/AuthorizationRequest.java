package io.calsync.emulator.oauth;

import java.time.Instant;
import java.util.Set;

/** A validated request to the authorization endpoint, waiting for the user's decision. */
record AuthorizationRequest(
    String id,
    String clientId,
    String redirectUri,
    Set<String> scopes,
    String state,
    String codeChallenge,
    String codeChallengeMethod,
    boolean offline,
    boolean forceConsent,
    String loginHint,
    String nonce,
    Instant createdAt) {}
