package io.calsync.contracts.task;

import static io.calsync.contracts.ContractViolationException.required;
import static io.calsync.contracts.ContractViolationException.requiredText;

import java.time.LocalDate;
import java.time.LocalTime;

/**
 * Create a task for a calendar event that has no task yet. task-service creates at most one task
 * per {@code (userId, calendarId, eventId)}: a repeated command returns the existing task.
 *
 * @param commandId unique id of this command
 * @param userId owner of the new task
 * @param calendarId calendar of the event
 * @param eventId Google event id
 * @param title from the event summary (may be empty, never null)
 * @param description nullable, from the event description
 * @param dueDate from the event start
 * @param dueTime nullable: null for an all-day event
 * @param timeZone IANA id the due date/time are expressed in
 * @param assigneeEmail nullable, from the event attendees
 */
public record CreateTaskFromEvent(
    String commandId,
    String userId,
    String calendarId,
    String eventId,
    String title,
    String description,
    LocalDate dueDate,
    LocalTime dueTime,
    String timeZone,
    String assigneeEmail)
    implements TaskCommand {

  public CreateTaskFromEvent {
    requiredText(commandId, "commandId");
    requiredText(userId, "userId");
    requiredText(calendarId, "calendarId");
    requiredText(eventId, "eventId");
    required(title, "title");
    required(dueDate, "dueDate");
    requiredText(timeZone, "timeZone");
    TaskFields.validateZone(timeZone, "timeZone");
  }
}
