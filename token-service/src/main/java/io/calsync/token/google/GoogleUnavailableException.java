package io.calsync.token.google;

/** Google could not be reached or answered 5xx; retried with back-off, then reported as 503. */
public class GoogleUnavailableException extends RuntimeException {

  public GoogleUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
