package io.calsync.orchestrator.crmtogoogle;

import io.calsync.contracts.calendar.DeleteEvent;
import io.calsync.contracts.calendar.EventTime;
import io.calsync.contracts.calendar.UpsertEvent;
import io.calsync.contracts.connection.CompletedTaskPolicy;
import io.calsync.contracts.connection.DateOnlyTaskPolicy;
import io.calsync.contracts.connection.SyncMode;
import io.calsync.contracts.connection.SyncSettings;
import io.calsync.contracts.task.TaskDeleted;
import io.calsync.contracts.task.TaskEvent;
import io.calsync.contracts.task.TaskStatus;
import io.calsync.orchestrator.command.CommandIds;
import io.calsync.orchestrator.command.CommandKind;
import io.calsync.orchestrator.connection.ConnectionStatus;
import io.calsync.orchestrator.connection.UserConnection;
import io.calsync.orchestrator.link.LinkState;
import io.calsync.orchestrator.merge.SyncFields;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;

/**
 * The CRM → Google decision (docs/crm-to-google.md): which calendar command, if any, a task
 * snapshot calls for, given the owner's connection and the task's link. A pure function, so every
 * row of the decision table is unit-tested without infrastructure.
 */
public final class CalendarCommandDecider {

  private CalendarCommandDecider() {}

  /**
   * @param task the latest task snapshot
   * @param connection nullable: the owner's connection, null when the user never connected
   * @param link nullable: the task's link, null when the task never had an event
   * @param sourceMessageId {@code ce_id} of the message that caused this decision, from which the
   *     command id is derived
   */
  public static Decision decide(
      TaskEvent task, UserConnection connection, LinkState link, String sourceMessageId) {
    if (connection == null || connection.status() != ConnectionStatus.CONNECTED) {
      return new Decision.Skip(DecisionReason.NOT_CONNECTED);
    }
    SyncSettings settings = connection.settings();
    if (settings.mode() == SyncMode.GOOGLE_TO_CRM) {
      return new Decision.Skip(DecisionReason.MODE_GOOGLE_TO_CRM);
    }
    if (settings.mode() == SyncMode.PAUSED) {
      return new Decision.Skip(DecisionReason.MODE_PAUSED);
    }
    boolean linked = link != null && link.active();
    if (task instanceof TaskDeleted) {
      return removal(
          task,
          link,
          linked,
          DecisionReason.TASK_DELETED,
          DecisionReason.TASK_DELETED_NOT_LINKED,
          sourceMessageId);
    }
    if (task.dueDate() == null) {
      return removal(
          task,
          link,
          linked,
          DecisionReason.DUE_DATE_CLEARED,
          DecisionReason.NO_DUE_DATE,
          sourceMessageId);
    }
    boolean dateOnly = task.dueTime() == null;
    if (dateOnly && settings.dateOnlyTaskPolicy() == DateOnlyTaskPolicy.SKIP) {
      return removal(
          task,
          link,
          linked,
          DecisionReason.DATE_ONLY_SKIPPED,
          DecisionReason.DATE_ONLY_SKIPPED,
          sourceMessageId);
    }
    boolean completed = task.status() == TaskStatus.COMPLETED;
    if (completed && settings.completedTaskPolicy() == CompletedTaskPolicy.DELETE_EVENT) {
      return removal(
          task,
          link,
          linked,
          DecisionReason.TASK_COMPLETED_DELETED,
          DecisionReason.TASK_COMPLETED_NOT_LINKED,
          sourceMessageId);
    }
    DecisionReason reason =
        completed
            ? DecisionReason.TASK_COMPLETED_MARKED
            : dateOnly ? DecisionReason.TASK_ALL_DAY : DecisionReason.TASK_SCHEDULED;
    return new Decision.Upsert(upsert(task, connection, link, linked, sourceMessageId), reason);
  }

  private static Decision removal(
      TaskEvent task,
      LinkState link,
      boolean linked,
      DecisionReason whenLinked,
      DecisionReason whenNotLinked,
      String sourceMessageId) {
    if (!linked) {
      return new Decision.Skip(whenNotLinked);
    }
    // Unconditional (no If-Match): the CRM side asked for removal, and a concurrent edit in
    // Google must not keep an event alive whose task is gone or no longer scheduled.
    return new Decision.Delete(
        new DeleteEvent(
            CommandIds.of(sourceMessageId, task.taskId(), CommandKind.DELETE_EVENT),
            task.userId(),
            task.taskId(),
            link.calendarId(),
            link.eventId(),
            null),
        whenLinked);
  }

  private static UpsertEvent upsert(
      TaskEvent task,
      UserConnection connection,
      LinkState link,
      boolean linked,
      String sourceMessageId) {
    SyncSettings settings = connection.settings();
    EventTime start;
    EventTime end;
    if (task.dueTime() == null) {
      // Google's all-day end date is exclusive.
      start = EventTime.ofDate(task.dueDate());
      end = EventTime.ofDate(task.dueDate().plusDays(1));
    } else {
      ZoneId zone = ZoneId.of(task.timeZone());
      // A due time inside a DST gap moves forward by the gap's length; in an overlap the earlier
      // offset applies (java.time's rules). Adding the duration on the zoned time keeps the event
      // exactly that long across a DST change.
      ZonedDateTime startAt = ZonedDateTime.of(task.dueDate(), task.dueTime(), zone);
      ZonedDateTime endAt = startAt.plusMinutes(settings.defaultEventDurationMinutes());
      start = EventTime.ofDateTime(startAt.toOffsetDateTime(), zone.getId());
      end = EventTime.ofDateTime(endAt.toOffsetDateTime(), zone.getId());
    }
    String summary =
        task.status() == TaskStatus.COMPLETED
            ? SyncFields.COMPLETED_PREFIX + task.title()
            : task.title();
    return new UpsertEvent(
        CommandIds.of(sourceMessageId, task.taskId(), CommandKind.UPSERT_EVENT),
        task.userId(),
        task.taskId(),
        link != null ? link.calendarId() : connection.calendarId(),
        link != null ? link.eventId() : EventIds.of(task.userId(), task.taskId()),
        linked ? link.eventEtag() : null,
        settings.sendUpdates(),
        summary,
        task.description(),
        start,
        end,
        attendees(task.assigneeEmail(), connection.googleAccountEmail()),
        Map.of(UpsertEvent.TASK_ID_PROPERTY, task.taskId()));
  }

  /** The assignee, unless it is the owner's own Google account (who owns the event anyway). */
  private static List<String> attendees(String assigneeEmail, String ownerEmail) {
    if (assigneeEmail == null
        || assigneeEmail.isBlank()
        || assigneeEmail.trim().equalsIgnoreCase(ownerEmail)) {
      return List.of();
    }
    return List.of(assigneeEmail.trim());
  }
}
