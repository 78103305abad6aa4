package io.calsync.emulator.oauth;

/** The body of a successful token-endpoint response; absent values are omitted on the wire. */
record TokenResponse(
    String accessToken, long expiresIn, String refreshToken, String scope, String idToken) {}
