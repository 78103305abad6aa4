package io.calsync.connector.token;

/**
 * token-service could not answer (5xx, I/O error, timeout) or answered something unexpected; the
 * message names the status, never a token.
 */
public class TokenServiceUnavailableException extends RuntimeException {

  private final boolean transientFailure;

  TokenServiceUnavailableException(String message, boolean transientFailure) {
    super(message);
    this.transientFailure = transientFailure;
  }

  /** Whether asking again later may succeed. */
  public boolean isTransient() {
    return transientFailure;
  }
}
