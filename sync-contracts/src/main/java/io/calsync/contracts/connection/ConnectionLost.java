package io.calsync.contracts.connection;

import static io.calsync.contracts.ContractViolationException.required;
import static io.calsync.contracts.ContractViolationException.requiredText;

import java.time.Instant;

/**
 * The connection stopped working without the user asking (e.g. the refresh token expired or Google
 * answered {@code invalid_grant}); the user must reconnect. Sync stops visibly, never silently.
 *
 * @param userId the CRM user; the Kafka key
 * @param reason why, for the user and the sync history; never contains a token
 * @param occurredAt when the loss was noticed
 */
public record ConnectionLost(String userId, String reason, Instant occurredAt)
    implements ConnectionEvent {

  public ConnectionLost {
    requiredText(userId, "userId");
    requiredText(reason, "reason");
    required(occurredAt, "occurredAt");
  }
}
