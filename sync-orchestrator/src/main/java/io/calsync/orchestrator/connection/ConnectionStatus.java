package io.calsync.orchestrator.connection;

/** State of a user's Google connection as last reported on {@code sync.connection-events}. */
public enum ConnectionStatus {
  CONNECTED,
  /** The user disconnected or revoked access in Google. */
  REVOKED,
  /** The connection stopped working (e.g. {@code invalid_grant}); the user must reconnect. */
  LOST,
  /** Settings arrived saying the connection is not usable, without a reason. */
  DISCONNECTED
}
