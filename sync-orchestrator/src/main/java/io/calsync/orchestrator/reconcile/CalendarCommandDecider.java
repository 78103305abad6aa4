package io.calsync.orchestrator.reconcile;

import io.calsync.contracts.calendar.DeleteEvent;
import io.calsync.contracts.calendar.EventChanged;
import io.calsync.contracts.calendar.EventField;
import io.calsync.contracts.calendar.EventStatus;
import io.calsync.contracts.calendar.EventTime;
import io.calsync.contracts.calendar.UpsertEvent;
import io.calsync.contracts.connection.CompletedTaskPolicy;
import io.calsync.contracts.connection.DateOnlyTaskPolicy;
import io.calsync.contracts.connection.GoogleEventDeletionPolicy;
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
import io.calsync.orchestrator.merge.EventDescriptions;
import io.calsync.orchestrator.merge.SyncFields;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

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
    if (linked && link.organisedByOther()) {
      // Someone else's meeting (an invitation): the organiser owns it, never CalSync.
      return new Decision.Skip(DecisionReason.NOT_ORGANIZER);
    }
    // No CRM policy (date-only, completion, a cleared due date) deletes an event the user created
    // in Google; only deleting its task may, and only when the user's setting says so.
    boolean googleBorn = linked && link.googleBorn(task.userId(), task.taskId());
    if (task instanceof TaskDeleted) {
      if (googleBorn
          && settings.googleEventDeletionPolicy() == GoogleEventDeletionPolicy.KEEP_EVENT) {
        return new Decision.Skip(DecisionReason.GOOGLE_EVENT_KEPT);
      }
      return removal(
          task,
          link,
          linked,
          DecisionReason.TASK_DELETED,
          DecisionReason.TASK_DELETED_NOT_LINKED,
          sourceMessageId);
    }
    if (task.dueDate() == null) {
      if (googleBorn) {
        return new Decision.Skip(DecisionReason.GOOGLE_EVENT_DUE_DATE_CLEARED);
      }
      return removal(
          task,
          link,
          linked,
          DecisionReason.DUE_DATE_CLEARED,
          DecisionReason.NO_DUE_DATE,
          sourceMessageId);
    }
    boolean dateOnly = task.dueTime() == null;
    if (dateOnly && !googleBorn && settings.dateOnlyTaskPolicy() == DateOnlyTaskPolicy.SKIP) {
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
      if (googleBorn) {
        return new Decision.Skip(DecisionReason.GOOGLE_EVENT_COMPLETED_KEPT);
      }
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
            : !dateOnly
                ? DecisionReason.TASK_SCHEDULED
                : googleBorn ? DecisionReason.GOOGLE_ALL_DAY : DecisionReason.TASK_ALL_DAY;
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

  /**
   * The upsert of a task. A new event gets every mapped field, and the default duration. An event
   * the link knows is patched ({@link UpsertEvent#fields()}): only the mapped fields whose value
   * differs from the event's are written, so everything else the user has in Google stays; for
   * fields left alone the command carries the event's own values, so that it describes the event as
   * Google then holds it. Moving keeps the event's length (timed or all-day).
   */
  private static UpsertEvent upsert(
      TaskEvent task,
      UserConnection connection,
      LinkState link,
      boolean linked,
      String sourceMessageId) {
    SyncSettings settings = connection.settings();
    EventChanged known =
        linked && link.event() != null && link.event().status() != EventStatus.CANCELLED
            ? link.event()
            : null;
    EventTime start;
    EventTime end;
    if (task.dueTime() == null) {
      // Google's all-day end date is exclusive.
      start = EventTime.ofDate(task.dueDate());
      end = EventTime.ofDate(task.dueDate().plusDays(allDaySpan(known)));
    } else {
      ZoneId zone = ZoneId.of(task.timeZone());
      // A due time inside a DST gap moves forward by the gap's length; in an overlap the earlier
      // offset applies (java.time's rules). Adding the duration on the zoned time keeps the event
      // exactly that long across a DST change.
      ZonedDateTime startAt = ZonedDateTime.of(task.dueDate(), task.dueTime(), zone);
      ZonedDateTime endAt =
          startAt.plus(
              timedLength(known, Duration.ofMinutes(settings.defaultEventDurationMinutes())));
      start = EventTime.ofDateTime(startAt.toOffsetDateTime(), zone.getId());
      end = EventTime.ofDateTime(endAt.toOffsetDateTime(), zone.getId());
    }
    String summary =
        task.status() == TaskStatus.COMPLETED
            ? SyncFields.COMPLETED_PREFIX + task.title()
            : task.title();
    String description = EventDescriptions.toGoogle(task.description());
    List<String> attendees = attendees(task.assigneeEmail(), connection.googleAccountEmail());
    Set<EventField> fields = null;
    if (known != null) {
      String owner = connection.googleAccountEmail();
      SyncFields event = SyncFields.ofEvent(known, task.timeZone(), owner);
      SyncFields wanted = SyncFields.ofTask(task, owner);
      fields = EnumSet.noneOf(EventField.class);
      if (!summary.equals(known.summary() == null ? "" : known.summary())) {
        fields.add(EventField.SUMMARY);
      }
      if (Objects.equals(wanted.description(), event.description())) {
        description = known.description();
      } else {
        fields.add(EventField.DESCRIPTION);
      }
      if (sameTime(start, known.start()) && sameTime(end, known.end())) {
        start = known.start();
        end = known.end();
      } else {
        fields.add(EventField.TIME);
      }
      if (!Objects.equals(wanted.assignee(), event.assignee())) {
        fields.add(EventField.ASSIGNEE);
      }
    }
    return new UpsertEvent(
        CommandIds.of(sourceMessageId, task.taskId(), CommandKind.UPSERT_EVENT),
        task.userId(),
        task.taskId(),
        link != null ? link.calendarId() : connection.calendarId(),
        link != null ? link.eventId() : EventIds.of(task.userId(), task.taskId()),
        linked ? link.eventEtag() : null,
        settings.sendUpdates(),
        summary,
        description,
        start,
        end,
        attendees,
        Map.of(UpsertEvent.TASK_ID_PROPERTY, task.taskId()),
        fields);
  }

  /** Days an all-day event of the task spans: the known all-day event's, else one. */
  private static long allDaySpan(EventChanged known) {
    if (known != null
        && known.start() != null
        && known.end() != null
        && known.start().date() != null
        && known.end().date() != null) {
      long days = ChronoUnit.DAYS.between(known.start().date(), known.end().date());
      if (days >= 1) {
        return days;
      }
    }
    return 1;
  }

  /** The length of the known timed event, else {@code fallback}. */
  private static Duration timedLength(EventChanged known, Duration fallback) {
    if (known != null
        && known.start() != null
        && known.end() != null
        && known.start().dateTime() != null
        && known.end().dateTime() != null) {
      Duration length = Duration.between(known.start().dateTime(), known.end().dateTime());
      if (!length.isNegative()) {
        return length;
      }
    }
    return fallback;
  }

  /** The same date, or the same instant; a zone alone does not make a time different. */
  private static boolean sameTime(EventTime a, EventTime b) {
    if (a == null || b == null) {
      return false;
    }
    if (a.date() != null || b.date() != null) {
      return Objects.equals(a.date(), b.date());
    }
    return a.dateTime().toInstant().equals(b.dateTime().toInstant());
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
