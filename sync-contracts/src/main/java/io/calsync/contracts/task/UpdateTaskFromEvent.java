package io.calsync.contracts.task;

import static io.calsync.contracts.ContractViolationException.required;
import static io.calsync.contracts.ContractViolationException.requiredText;

import io.calsync.contracts.ContractViolationException;
import java.time.LocalDate;
import java.time.LocalTime;

/**
 * Set the synchronised fields of a linked task to the merged values. The fields carry the complete
 * merge result, not a patch. task-service applies the command only while the task is still at
 * {@code expectedVersion}; otherwise the CRM changed the task concurrently, task-service skips the
 * command and the orchestrator merges again when the newer {@link TaskEvent} arrives.
 *
 * @param commandId unique id of this command
 * @param userId owner of the task
 * @param taskId the linked task
 * @param calendarId calendar of the event
 * @param eventId Google event id
 * @param expectedVersion the task version the merge was based on
 * @param title merged title (may be empty, never null)
 * @param description nullable
 * @param dueDate nullable
 * @param dueTime nullable
 * @param timeZone IANA id the due date/time are expressed in
 * @param assigneeEmail nullable
 */
public record UpdateTaskFromEvent(
    String commandId,
    String userId,
    String taskId,
    String calendarId,
    String eventId,
    long expectedVersion,
    String title,
    String description,
    LocalDate dueDate,
    LocalTime dueTime,
    String timeZone,
    String assigneeEmail)
    implements TaskCommand {

  public UpdateTaskFromEvent {
    requiredText(commandId, "commandId");
    requiredText(userId, "userId");
    requiredText(taskId, "taskId");
    requiredText(calendarId, "calendarId");
    requiredText(eventId, "eventId");
    if (expectedVersion < 1) {
      throw new ContractViolationException(
          "field `expectedVersion` must be >= 1, was " + expectedVersion);
    }
    required(title, "title");
    requiredText(timeZone, "timeZone");
    TaskFields.validateZone(timeZone, "timeZone");
    TaskFields.requireDateForTime(dueDate, dueTime);
  }
}
