package io.calsync.token.connection;

/** State of a user's Google connection as the settings page shows it. */
public enum ConnectionStatus {
  /** Tokens are stored and Google accepted them the last time we asked. */
  CONNECTED,
  /** Google stopped honouring the grant (e.g. {@code invalid_grant}); the user must reconnect. */
  LOST,
  /** The user disconnected; CalSync revoked its access at Google and erased the tokens. */
  REVOKED,
  /** The user never connected a Google account. */
  DISCONNECTED
}
