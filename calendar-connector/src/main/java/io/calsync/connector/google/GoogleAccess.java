package io.calsync.connector.google;

/**
 * Whose calendar a call acts on: the CRM user (selects the user's rate limiter) and that user's
 * Google access token. {@code toString} hides the token.
 */
public record GoogleAccess(String userId, String accessToken) {

  @Override
  public String toString() {
    return "GoogleAccess[userId=" + userId + "]";
  }
}
