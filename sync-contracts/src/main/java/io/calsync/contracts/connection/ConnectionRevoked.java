package io.calsync.contracts.connection;

import static io.calsync.contracts.ContractViolationException.required;
import static io.calsync.contracts.ContractViolationException.requiredText;

import java.time.Instant;

/**
 * The user disconnected, or revoked CalSync's access in their Google account. Sync stops until a
 * new {@link ConnectionConnected}; links are kept so a reconnect does not duplicate events.
 *
 * @param userId the CRM user; the Kafka key
 * @param occurredAt when the revocation was noticed
 */
public record ConnectionRevoked(String userId, Instant occurredAt) implements ConnectionEvent {

  public ConnectionRevoked {
    requiredText(userId, "userId");
    required(occurredAt, "occurredAt");
  }
}
