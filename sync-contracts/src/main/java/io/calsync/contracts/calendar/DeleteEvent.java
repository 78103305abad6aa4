package io.calsync.contracts.calendar;

import static io.calsync.contracts.ContractViolationException.requiredText;

/**
 * Delete the event of a task. Deleting an event that is already gone (Google answers 410) counts as
 * applied.
 *
 * @param commandId unique id of this command
 * @param userId owner; the Kafka key
 * @param taskId the task the event mirrored
 * @param calendarId calendar of the event
 * @param eventId Google event id
 * @param expectedEtag nullable: etag the deletion is conditional on
 */
public record DeleteEvent(
    String commandId,
    String userId,
    String taskId,
    String calendarId,
    String eventId,
    String expectedEtag)
    implements CalendarCommand {

  public DeleteEvent {
    requiredText(commandId, "commandId");
    requiredText(userId, "userId");
    requiredText(taskId, "taskId");
    requiredText(calendarId, "calendarId");
    requiredText(eventId, "eventId");
  }
}
