package io.calsync.emulator.oauth;

import io.calsync.emulator.config.EmulatorProperties;
import io.calsync.emulator.store.Account;
import io.calsync.emulator.store.Accounts;
import io.calsync.emulator.wire.OAuthException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The OAuth state machine: pending authorization requests, single-use codes, grants with their
 * refresh tokens, and access tokens. Error descriptions are the ones Google's token endpoint uses.
 */
@Component
public class Grants {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Duration PENDING_REQUEST_TTL = Duration.ofHours(1);

  private final EmulatorProperties properties;
  private final Accounts accounts;
  private final IdTokens idTokens;
  private final Clock clock;

  private final Map<String, AuthorizationRequest> pending = new ConcurrentHashMap<>();
  private final Map<String, IssuedCode> codes = new ConcurrentHashMap<>();
  private final Map<String, Grant> grants = new ConcurrentHashMap<>();
  private final Map<String, Grant> byRefreshToken = new ConcurrentHashMap<>();
  private final Map<String, AccessToken> accessTokens = new ConcurrentHashMap<>();

  Grants(EmulatorProperties properties, Accounts accounts, IdTokens idTokens, Clock clock) {
    this.properties = properties;
    this.accounts = accounts;
    this.idTokens = idTokens;
    this.clock = clock;
  }

  private record IssuedCode(
      AuthorizationRequest request, String account, Set<String> scopes, Instant expiresAt) {}

  private record AccessToken(String grantId, Set<String> scopes, Instant expiresAt) {}

  AuthorizationRequest startAuthorization(AuthorizationRequest request) {
    Instant now = clock.instant();
    pending.values().removeIf(r -> r.createdAt().plus(PENDING_REQUEST_TTL).isBefore(now));
    pending.put(request.id(), request);
    return request;
  }

  Optional<AuthorizationRequest> pending(String requestId) {
    return requestId == null ? Optional.empty() : Optional.ofNullable(pending.get(requestId));
  }

  Optional<AuthorizationRequest> takePending(String requestId) {
    return requestId == null ? Optional.empty() : Optional.ofNullable(pending.remove(requestId));
  }

  /** Records the user's consent and returns the authorization code for the redirect. */
  String issueCode(AuthorizationRequest request, Account account, Set<String> grantedScopes) {
    String code = "4/0emu" + random(32);
    codes.put(
        code,
        new IssuedCode(
            request,
            account.email(),
            Collections.unmodifiableSet(new LinkedHashSet<>(grantedScopes)),
            clock.instant().plus(properties.authorizationCodeTtl())));
    return code;
  }

  TokenResponse exchangeCode(
      OAuthClient client, String code, String redirectUri, String codeVerifier) {
    if (code == null || code.isBlank()) {
      throw OAuthException.invalidRequest("Missing required parameter: code");
    }
    IssuedCode issued = codes.remove(code);
    if (issued == null) {
      throw OAuthException.invalidGrant(
          code.startsWith("4/") ? "Bad Request" : "Malformed auth code.");
    }
    AuthorizationRequest request = issued.request();
    if (issued.expiresAt().isBefore(clock.instant())
        || !request.clientId().equals(client.clientId())) {
      throw OAuthException.invalidGrant("Bad Request");
    }
    if (redirectUri == null || !redirectUri.equals(request.redirectUri())) {
      throw new OAuthException(HttpStatus.BAD_REQUEST, "redirect_uri_mismatch", "Bad Request");
    }
    verifyPkce(request, codeVerifier);

    boolean hadOfflineGrant =
        grants.values().stream()
            .anyMatch(
                g ->
                    !g.revoked()
                        && g.offline()
                        && g.clientId().equals(client.clientId())
                        && g.account().equals(issued.account()));
    // Google hands out a refresh token only for offline access, and on a repeated consent only
    // when prompt=consent forced the consent screen again.
    boolean issueRefresh = request.offline() && (request.forceConsent() || !hadOfflineGrant);
    Grant grant =
        new Grant(
            "grant-" + random(12),
            client.clientId(),
            issued.account(),
            issued.scopes(),
            issueRefresh ? "1//0emu" + random(48) : null,
            clock.instant());
    grants.put(grant.id(), grant);
    if (grant.offline()) {
      byRefreshToken.put(grant.refreshToken(), grant);
    }
    return tokens(grant, grant.refreshToken(), request.nonce());
  }

  TokenResponse refresh(OAuthClient client, String refreshToken) {
    if (refreshToken == null || refreshToken.isBlank()) {
      throw OAuthException.invalidRequest("Missing required parameter: refresh_token");
    }
    Grant grant = byRefreshToken.get(refreshToken);
    if (grant == null || grant.revoked()) {
      throw OAuthException.invalidGrant("Token has been expired or revoked.");
    }
    if (!grant.clientId().equals(client.clientId())) {
      throw new OAuthException(HttpStatus.UNAUTHORIZED, "unauthorized_client", "Unauthorized");
    }
    return tokens(grant, null, null);
  }

  private TokenResponse tokens(Grant grant, String refreshToken, String nonce) {
    Instant now = clock.instant();
    long ttl = properties.accessTokenTtl().toSeconds();
    String accessToken = "ya29.emu-" + random(48);
    accessTokens.put(
        accessToken, new AccessToken(grant.id(), grant.scopes(), now.plusSeconds(ttl)));
    String idToken =
        grant.scopes().contains(Scopes.OPENID)
            ? idTokens.issue(
                accounts.find(grant.account()).orElseThrow(),
                grant.clientId(),
                grant.scopes(),
                nonce,
                now,
                3600)
            : null;
    return new TokenResponse(accessToken, ttl, refreshToken, Scopes.join(grant.scopes()), idToken);
  }

  /**
   * Google's revoke endpoint: either token of a grant revokes the client's access to the account.
   */
  boolean revokeToken(String token) {
    Grant grant = byRefreshToken.get(token);
    if (grant == null) {
      AccessToken access = accessTokens.get(token);
      grant = access == null ? null : grants.get(access.grantId());
    }
    if (grant == null || grant.revoked()) {
      return false;
    }
    revokeGrants(grant.account(), grant.clientId());
    return true;
  }

  /** Revokes every grant of the account (to one client, or to all clients when null). */
  public int revokeGrants(String account, String clientId) {
    int revoked = 0;
    for (Grant grant : grants.values()) {
      if (!grant.revoked()
          && (account == null || grant.account().equalsIgnoreCase(account))
          && (clientId == null || grant.clientId().equals(clientId))) {
        grant.revoke();
        revoked++;
      }
    }
    return revoked;
  }

  /** Makes every current access token of the account (all accounts when null) expire now. */
  public int expireAccessTokens(String account) {
    Instant now = clock.instant().minusMillis(1);
    int expired = 0;
    for (Map.Entry<String, AccessToken> entry : accessTokens.entrySet()) {
      Grant grant = grants.get(entry.getValue().grantId());
      if (account == null || (grant != null && grant.account().equalsIgnoreCase(account))) {
        entry.setValue(new AccessToken(entry.getValue().grantId(), entry.getValue().scopes(), now));
        expired++;
      }
    }
    return expired;
  }

  /** The grant behind a currently valid access token. */
  public Optional<AccessGrant> authenticate(String accessToken) {
    if (accessToken == null) {
      return Optional.empty();
    }
    AccessToken token = accessTokens.get(accessToken);
    if (token == null || !token.expiresAt().isAfter(clock.instant())) {
      return Optional.empty();
    }
    Grant grant = grants.get(token.grantId());
    if (grant == null || grant.revoked()) {
      return Optional.empty();
    }
    return Optional.of(
        new AccessGrant(grant.account(), grant.clientId(), token.scopes(), grant.id()));
  }

  Optional<Instant> accessTokenExpiry(String accessToken) {
    return Optional.ofNullable(accessTokens.get(accessToken)).map(AccessToken::expiresAt);
  }

  public List<Grant> all() {
    return grants.values().stream().sorted(Comparator.comparing(Grant::createdAt)).toList();
  }

  public void reset() {
    pending.clear();
    codes.clear();
    grants.clear();
    byRefreshToken.clear();
    accessTokens.clear();
  }

  private static void verifyPkce(AuthorizationRequest request, String verifier) {
    if (request.codeChallenge() == null) {
      if (verifier != null) {
        throw OAuthException.invalidGrant("code_verifier or verifier is not needed.");
      }
      return;
    }
    if (verifier == null || verifier.isBlank()) {
      throw OAuthException.invalidGrant("Missing code verifier.");
    }
    String expected = "S256".equals(request.codeChallengeMethod()) ? s256(verifier) : verifier;
    if (!expected.equals(request.codeChallenge())) {
      throw OAuthException.invalidGrant("Invalid code verifier.");
    }
  }

  static String s256(String verifier) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String random(int bytes) {
    byte[] buffer = new byte[bytes];
    RANDOM.nextBytes(buffer);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(buffer);
  }

  boolean isOffline(String grantId) {
    Grant grant = grants.get(grantId);
    return grant != null && grant.offline();
  }
}
