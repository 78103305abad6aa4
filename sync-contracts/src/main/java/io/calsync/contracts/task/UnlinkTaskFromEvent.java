package io.calsync.contracts.task;

import static io.calsync.contracts.ContractViolationException.requiredText;

/**
 * The linked calendar event is gone (deleted in Google, or moved out of scope): task-service
 * removes the task's link to the event and records why. The task itself is kept, so a deletion in
 * Google never silently destroys CRM data.
 *
 * @param commandId unique id of this command
 * @param userId owner of the task
 * @param taskId the linked task
 * @param calendarId calendar of the event
 * @param eventId Google event id
 * @param reason why the link ends, e.g. {@code EVENT_DELETED}
 */
public record UnlinkTaskFromEvent(
    String commandId,
    String userId,
    String taskId,
    String calendarId,
    String eventId,
    String reason)
    implements TaskCommand {

  /** The event was deleted (or cancelled) in Google Calendar. */
  public static final String EVENT_DELETED = "EVENT_DELETED";

  public UnlinkTaskFromEvent {
    requiredText(commandId, "commandId");
    requiredText(userId, "userId");
    requiredText(taskId, "taskId");
    requiredText(calendarId, "calendarId");
    requiredText(eventId, "eventId");
    requiredText(reason, "reason");
  }
}
