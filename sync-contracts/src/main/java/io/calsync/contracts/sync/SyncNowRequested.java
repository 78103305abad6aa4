package io.calsync.contracts.sync;

import static io.calsync.contracts.ContractViolationException.required;
import static io.calsync.contracts.ContractViolationException.requiredText;

import java.time.Instant;

/**
 * The user pressed "Sync Now": run an incremental sync for the user immediately.
 *
 * @param requestId unique id of the request
 * @param userId the user to synchronise; the Kafka key
 * @param requestedBy the CRM user id, or {@code admin:<name>}
 * @param requestedAt when it was requested
 */
public record SyncNowRequested(
    String requestId, String userId, String requestedBy, Instant requestedAt)
    implements SyncRequest {

  public SyncNowRequested {
    requiredText(requestId, "requestId");
    requiredText(userId, "userId");
    requiredText(requestedBy, "requestedBy");
    required(requestedAt, "requestedAt");
  }
}
