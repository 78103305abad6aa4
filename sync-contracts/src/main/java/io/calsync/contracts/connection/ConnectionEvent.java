package io.calsync.contracts.connection;

import io.calsync.contracts.ContractMessage;
import java.time.Instant;

/** A change of a user's Google connection on {@code sync.connection-events}. */
public sealed interface ConnectionEvent extends ContractMessage
    permits ConnectionConnected, ConnectionRevoked, ConnectionLost, SyncSettingsChanged {

  Instant occurredAt();
}
