package io.calsync.contracts.task;

import io.calsync.contracts.ContractMessage;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;

/**
 * A fact about a task on {@code crm.task-events}. Every event carries the full task snapshot after
 * the change as flat top-level fields (no nested object), which is the simplest shape for a
 * producer in any language: {@link TaskCreated}, {@link TaskUpdated} and {@link TaskDeleted} have
 * identical bodies and differ only in {@code ce_type}.
 */
public sealed interface TaskEvent extends ContractMessage
    permits TaskCreated, TaskUpdated, TaskDeleted {

  String taskId();

  /** Owner of the task; the Kafka key. */
  @Override
  String userId();

  String title();

  /** Nullable. */
  String description();

  /** Nullable: a task without due date is never synchronised. */
  LocalDate dueDate();

  /** Nullable: a task with a date but no time is a date-only task. */
  LocalTime dueTime();

  /** IANA time zone id in which {@link #dueDate()} and {@link #dueTime()} are meant. */
  String timeZone();

  /** Nullable e-mail of the assignee. */
  String assigneeEmail();

  TaskStatus status();

  /** Monotonic per task; consumers drop events whose version they have already seen. */
  long version();

  Instant updatedAt();

  /** Who made the change, see {@link Origins}. */
  String origin();

  /** Nullable id of the command that caused this change. */
  String causationId();
}
