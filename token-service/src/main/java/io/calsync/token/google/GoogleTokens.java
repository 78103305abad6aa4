package io.calsync.token.google;

import java.util.List;

/**
 * What Google's token endpoint answered. {@link #toString()} never shows a token, so the record is
 * safe in log statements and exception messages.
 *
 * @param accessToken short-lived bearer token for the Calendar API
 * @param expiresInSeconds lifetime of the access token
 * @param refreshToken long-lived token; null when Google issued none (refresh without rotation)
 * @param scopes granted scopes
 */
public record GoogleTokens(
    String accessToken, long expiresInSeconds, String refreshToken, List<String> scopes) {

  @Override
  public String toString() {
    return "GoogleTokens[accessToken=***, expiresInSeconds="
        + expiresInSeconds
        + ", refreshToken="
        + (refreshToken == null ? "none" : "***")
        + ", scopes="
        + scopes
        + "]";
  }
}
