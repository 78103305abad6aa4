package io.calsync.contracts.task;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;

/**
 * A task changed; the body is the snapshot after the change. See {@link TaskEvent} for the fields.
 */
public record TaskUpdated(
    String taskId,
    String userId,
    String title,
    String description,
    LocalDate dueDate,
    LocalTime dueTime,
    String timeZone,
    String assigneeEmail,
    TaskStatus status,
    long version,
    Instant updatedAt,
    String origin,
    String causationId)
    implements TaskEvent {

  public TaskUpdated {
    TaskFields.validateSnapshot(
        taskId, userId, title, dueDate, dueTime, timeZone, status, version, updatedAt, origin);
  }
}
