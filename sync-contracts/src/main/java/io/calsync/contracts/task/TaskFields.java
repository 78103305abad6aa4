package io.calsync.contracts.task;

import static io.calsync.contracts.ContractViolationException.required;
import static io.calsync.contracts.ContractViolationException.requiredText;

import io.calsync.contracts.ContractViolationException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;

/** Field rules shared by the task records. */
final class TaskFields {

  private TaskFields() {}

  /** Validation shared by the three snapshot records. */
  static void validateSnapshot(
      String taskId,
      String userId,
      String title,
      LocalDate dueDate,
      LocalTime dueTime,
      String timeZone,
      TaskStatus status,
      long version,
      Instant updatedAt,
      String origin) {
    requiredText(taskId, "taskId");
    requiredText(userId, "userId");
    required(title, "title");
    requiredText(timeZone, "timeZone");
    validateZone(timeZone, "timeZone");
    required(status, "status");
    required(updatedAt, "updatedAt");
    requiredText(origin, "origin");
    if (version < 1) {
      throw new ContractViolationException("field `version` must be >= 1, was " + version);
    }
    requireDateForTime(dueDate, dueTime);
  }

  /** Throws naming {@code field} when {@code zone} is not a valid IANA time zone id. */
  static void validateZone(String zone, String field) {
    try {
      ZoneId.of(zone);
    } catch (RuntimeException e) {
      throw new ContractViolationException(
          "field `" + field + "` is not a time zone id: " + zone, e);
    }
  }

  static void requireDateForTime(LocalDate dueDate, LocalTime dueTime) {
    if (dueTime != null && dueDate == null) {
      throw new ContractViolationException("field `dueTime` requires `dueDate`");
    }
  }
}
