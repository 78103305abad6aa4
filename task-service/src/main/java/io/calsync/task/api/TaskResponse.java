package io.calsync.task.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.calsync.contracts.task.TaskStatus;
import io.calsync.task.tasks.Task;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.UUID;

/**
 * A task as the API shows it; {@code version} is also its {@code ETag}. The calendar fields appear
 * only when set: the event a task came from, and why it lost it (e.g. {@code EVENT_DELETED}).
 */
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
    Instant updatedAt,
    @JsonInclude(JsonInclude.Include.NON_NULL) String calendarId,
    @JsonInclude(JsonInclude.Include.NON_NULL) String eventId,
    @JsonInclude(JsonInclude.Include.NON_NULL) String unlinkedReason) {

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
        task.updatedAt(),
        task.calendarId(),
        task.eventId(),
        task.unlinkedReason());
  }
}
