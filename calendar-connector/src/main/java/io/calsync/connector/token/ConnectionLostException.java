package io.calsync.connector.token;

/** The user's Google grant is lost (token-service answered 409 connection-lost). */
public class ConnectionLostException extends RuntimeException {

  ConnectionLostException(String userId) {
    super("the Google connection of user " + userId + " is lost");
  }
}
