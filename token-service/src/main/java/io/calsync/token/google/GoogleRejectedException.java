package io.calsync.token.google;

/**
 * Google answered a call with a 4xx OAuth error ({@code invalid_grant}, {@code invalid_client},
 * ...). Not retried, and not counted against the circuit breaker: it is about one grant, not about
 * Google's health. The message holds the OAuth error code only, never a token.
 */
public class GoogleRejectedException extends RuntimeException {

  private final String error;

  public GoogleRejectedException(String endpoint, int status, String error) {
    super("Google " + endpoint + " endpoint rejected the call: HTTP " + status + " " + error);
    this.error = error;
  }

  /** The OAuth error code, e.g. {@code invalid_grant}. */
  public String error() {
    return error;
  }

  public boolean invalidGrant() {
    return "invalid_grant".equals(error);
  }
}
