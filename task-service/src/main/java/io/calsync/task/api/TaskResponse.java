package io.calsync.task.api;

import io.calsync.contracts.task.TaskStatus;
import io.calsync.task.tasks.Task;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.UUID;

/** A task as the API shows it; {@code version} is also its {@code ETag}. */
record TaskResponse(
    UUID id,
    String title,
    String description,
    LocalDate dueDate,
    LocalTime dueTime,
    String timeZone,
    String assigneeEmail,
    TaskStatus status,
    long version,
    Instant createdAt,
    Instant updatedAt) {

  static TaskResponse of(Task task) {
    return new TaskResponse(
        task.id(),
        task.title(),
        task.description(),
        task.dueDate(),
        task.dueTime(),
        task.timeZone(),
        task.assigneeEmail(),
        task.status(),
        task.version(),
        task.createdAt(),
        task.updatedAt());
  }
}
