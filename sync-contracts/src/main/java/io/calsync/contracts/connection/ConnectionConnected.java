package io.calsync.contracts.connection;

import static io.calsync.contracts.ContractViolationException.required;
import static io.calsync.contracts.ContractViolationException.requiredText;

import java.time.Instant;
import java.util.List;

/**
 * A user connected (or reconnected) a Google account; sync may start.
 *
 * @param userId the CRM user; the Kafka key
 * @param googleAccountEmail the connected Google account
 * @param scopes granted OAuth scopes
 * @param settings the user's sync settings
 * @param occurredAt when the connection was made
 */
public record ConnectionConnected(
    String userId,
    String googleAccountEmail,
    List<String> scopes,
    SyncSettings settings,
    Instant occurredAt)
    implements ConnectionEvent {

  public ConnectionConnected {
    requiredText(userId, "userId");
    requiredText(googleAccountEmail, "googleAccountEmail");
    scopes = List.copyOf(required(scopes, "scopes"));
    required(settings, "settings");
    required(occurredAt, "occurredAt");
  }
}
