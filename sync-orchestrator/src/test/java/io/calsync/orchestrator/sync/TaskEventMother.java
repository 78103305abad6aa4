package io.calsync.orchestrator.sync;

import io.calsync.contracts.task.TaskCreated;
import io.calsync.contracts.task.TaskDeleted;
import io.calsync.contracts.task.TaskStatus;
import io.calsync.contracts.task.TaskUpdated;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.UUID;

/** Task events as a CRM service publishes them; each call starts a new task of a new user. */
final class TaskEventMother {

  static final String ZONE = "Europe/Berlin";

  private TaskEventMother() {}

  /** An open task of a fresh user, due tomorrow (in {@value #ZONE}) at the given time. */
  static Task dueTomorrowAt(int hour, int minute) {
    return new Task().dueOn(LocalDate.now(ZoneId.of(ZONE)).plusDays(1)).at(hour, minute);
  }

  /** An open task of a fresh user, due on {@code date} at the given time. */
  static Task dueOnAt(LocalDate date, int hour, int minute) {
    return new Task().dueOn(date).at(hour, minute);
  }

  /** A mutable snapshot that becomes a contract event. */
  static final class Task {
    String userId = "user-" + UUID.randomUUID();
    String taskId = UUID.randomUUID().toString();
    String title = "Call Acme about the renewal";
    String description = "Ask for the signed quote.";
    LocalDate dueDate;
    LocalTime dueTime;
    String timeZone = ZONE;
    String assigneeEmail;
    TaskStatus status = TaskStatus.OPEN;
    long version = 1;
    Instant updatedAt = Instant.parse("2026-11-27T10:00:00Z");
    String origin = "crm-billing";
    String causationId;

    Task of(String userId) {
      this.userId = userId;
      return this;
    }

    Task dueOn(LocalDate date) {
      this.dueDate = date;
      return this;
    }

    Task at(int hour, int minute) {
      this.dueTime = LocalTime.of(hour, minute);
      return this;
    }

    Task dateOnly() {
      this.dueTime = null;
      return this;
    }

    Task withoutDueDate() {
      this.dueDate = null;
      this.dueTime = null;
      return this;
    }

    Task in(String zone) {
      this.timeZone = zone;
      return this;
    }

    Task titled(String title) {
      this.title = title;
      return this;
    }

    Task assignedTo(String email) {
      this.assigneeEmail = email;
      return this;
    }

    Task completed() {
      this.status = TaskStatus.COMPLETED;
      return this;
    }

    /** The next version of this task, changed a minute later. */
    Task next() {
      this.version++;
      this.updatedAt = updatedAt.plusSeconds(60);
      return this;
    }

    TaskCreated created() {
      return as(TaskCreated::new);
    }

    TaskUpdated updated() {
      return as(TaskUpdated::new);
    }

    TaskDeleted deleted() {
      return as(TaskDeleted::new);
    }

    private <T> T as(Body<T> type) {
      return type.of(
          taskId,
          userId,
          title,
          description,
          dueDate,
          dueTime,
          timeZone,
          assigneeEmail,
          status,
          version,
          updatedAt,
          origin,
          causationId);
    }
  }

  /** The body the three task event types share, in the contract's order. */
  @FunctionalInterface
  private interface Body<T> {
    T of(
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
        String causationId);
  }
}
