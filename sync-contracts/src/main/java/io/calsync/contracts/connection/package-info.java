/**
 * Connection lifecycle and per-user sync settings on the compacted {@code sync.connection-events}
 * topic, published by token-service. The latest record of a user is that user's current state,
 * which is why settings travel with {@link io.calsync.contracts.connection.ConnectionConnected} and
 * {@link io.calsync.contracts.connection.SyncSettingsChanged}. No token ever appears here.
 */
package io.calsync.contracts.connection;
