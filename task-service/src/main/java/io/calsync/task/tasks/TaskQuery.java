package io.calsync.task.tasks;

import io.calsync.contracts.task.TaskStatus;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * Filters and keyset position of a task listing. Tasks are listed in creation order ({@code
 * createdAt}, then {@code id}), which never changes for a task, so paging with a cursor neither
 * skips nor repeats a task while others are created, edited or deleted.
 *
 * @param status null for any status
 * @param dueFrom null, or the earliest due date (inclusive); excludes tasks without due date
 * @param dueTo null, or the latest due date (inclusive); excludes tasks without due date
 * @param after null for the first page, else the position of the last task of the previous page
 * @param limit page size
 */
public record TaskQuery(
    TaskStatus status, LocalDate dueFrom, LocalDate dueTo, Position after, int limit) {

  /** The place of a task in the listing order. */
  public record Position(Instant createdAt, UUID id) {}
}
