package io.calsync.contracts.connection;

import static io.calsync.contracts.ContractViolationException.required;
import static io.calsync.contracts.ContractViolationException.requiredText;

import java.time.Instant;

/**
 * The user changed their sync settings.
 *
 * @param userId the CRM user; the Kafka key
 * @param settings the complete new settings
 * @param connected whether the Google connection is currently usable, so that this record alone
 *     (the latest one after compaction) still tells the connection state
 * @param occurredAt when the settings were changed
 */
public record SyncSettingsChanged(
    String userId, SyncSettings settings, boolean connected, Instant occurredAt)
    implements ConnectionEvent {

  public SyncSettingsChanged {
    requiredText(userId, "userId");
    required(settings, "settings");
    required(occurredAt, "occurredAt");
  }
}
