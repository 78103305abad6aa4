package io.calsync.connector.token;

/** token-service knows no Google connection of the user (404). */
public class NotConnectedException extends RuntimeException {

  NotConnectedException(String userId) {
    super("user " + userId + " has no Google connection");
  }
}
