package io.calsync.contracts.sync;

import static io.calsync.contracts.ContractViolationException.required;
import static io.calsync.contracts.ContractViolationException.requiredText;

import java.time.Instant;

/**
 * Drop the user's sync token and list their calendar fully; links are rebuilt, never duplicated.
 *
 * @param requestId unique id of the request
 * @param userId the user to synchronise; the Kafka key
 * @param requestedBy the CRM user id, {@code admin:<name>} for an operator, or {@code
 *     service:<name>} for a CalSync service (sync-orchestrator asks after every connect)
 * @param requestedAt when it was requested
 */
public record FullResyncRequested(
    String requestId, String userId, String requestedBy, Instant requestedAt)
    implements SyncRequest {

  public FullResyncRequested {
    requiredText(requestId, "requestId");
    requiredText(userId, "userId");
    requiredText(requestedBy, "requestedBy");
    required(requestedAt, "requestedAt");
  }
}
