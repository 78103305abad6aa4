package io.calsync.contracts.calendar;

import static io.calsync.contracts.ContractViolationException.required;
import static io.calsync.contracts.ContractViolationException.requiredText;

import java.time.Instant;

/**
 * A calendar command took effect. The orchestrator records {@code etag} as "produced by us", so the
 * echo of this write on {@code calendar.event-changes} is recognised and ignored.
 *
 * @param commandId the command this answers
 * @param userId owner; the Kafka key
 * @param taskId the task of the command
 * @param eventId the Google event id
 * @param etag nullable: the event's new etag (null after a deletion)
 * @param updated nullable: the event's new {@code updated} time (null after a deletion)
 * @param action what happened
 */
public record CommandApplied(
    String commandId,
    String userId,
    String taskId,
    String eventId,
    String etag,
    Instant updated,
    Action action)
    implements CommandResult {

  /** What the connector did in Google Calendar. */
  public enum Action {
    /** A new event was inserted. */
    CREATED,
    /** An existing event was updated (including one adopted after a 409 on insert). */
    UPDATED,
    /** The event was deleted. */
    DELETED,
    /** The event to delete was already gone (410); nothing to do. */
    ALREADY_DELETED
  }

  public CommandApplied {
    requiredText(commandId, "commandId");
    requiredText(userId, "userId");
    requiredText(taskId, "taskId");
    requiredText(eventId, "eventId");
    required(action, "action");
  }
}
