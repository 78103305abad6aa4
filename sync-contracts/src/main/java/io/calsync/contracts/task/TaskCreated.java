package io.calsync.contracts.task;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;

/** A task was created. See {@link TaskEvent} for the fields. */
public record TaskCreated(
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

  public TaskCreated {
    TaskFields.validateSnapshot(
        taskId, userId, title, dueDate, dueTime, timeZone, status, version, updatedAt, origin);
  }
}
