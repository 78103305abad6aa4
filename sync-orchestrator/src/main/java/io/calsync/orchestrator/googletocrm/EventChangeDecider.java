package io.calsync.orchestrator.googletocrm;

import io.calsync.contracts.calendar.EventChanged;
import io.calsync.contracts.calendar.EventStatus;
import io.calsync.contracts.calendar.EventTime;
import io.calsync.contracts.connection.InvitationPolicy;
import io.calsync.contracts.connection.SyncMode;
import io.calsync.contracts.task.CreateTaskFromEvent;
import io.calsync.contracts.task.TaskDeleted;
import io.calsync.contracts.task.TaskEvent;
import io.calsync.contracts.task.UnlinkTaskFromEvent;
import io.calsync.orchestrator.command.CommandIds;
import io.calsync.orchestrator.command.TaskCommandKind;
import io.calsync.orchestrator.connection.ConnectionStatus;
import io.calsync.orchestrator.connection.UserConnection;
import io.calsync.orchestrator.googletocrm.EventDecision.LinkChange;
import io.calsync.orchestrator.history.HistoryOutcome;
import io.calsync.orchestrator.link.Link;
import io.calsync.orchestrator.merge.SyncFields;
import io.calsync.orchestrator.reconcile.Reconciliation;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * The Google → CRM decision (docs/google-to-crm.md): what an event change calls for, given its
 * link, the linked task's latest snapshot and the owner's connection. A pure function.
 */
final class EventChangeDecider {

  private EventChangeDecider() {}

  /**
   * @param link nullable: the link of the event
   * @param taskLink nullable, only without {@code link}: the link of the task the event names (its
   *     {@code calsyncTaskId}, else the task id derived from the event)
   * @param task nullable: the latest snapshot of the linked (or named) task
   * @param connection nullable: the owner's connection
   * @param now the clock, for "starts in the future"
   * @param messageId {@code ce_id} of the event change, the seed of command ids
   * @param upsertInFlight whether an upsert of the linked task awaits its result
   */
  static EventDecision decide(
      EventChanged event,
      Link link,
      Link taskLink,
      TaskEvent task,
      UserConnection connection,
      Instant now,
      String messageId,
      boolean upsertInFlight) {
    if (link != null) {
      return linked(event, link, task, connection, messageId, upsertInFlight);
    }
    return unlinked(event, taskLink, task, connection, now, messageId);
  }

  /** The task id an unlinked event names: its {@code calsyncTaskId}, else the derived one. */
  static String namedTaskId(EventChanged event) {
    String stamped = event.calsyncTaskId();
    return stamped != null && !stamped.isBlank()
        ? stamped
        : TaskIds.fromEvent(event.userId(), event.eventId());
  }

  private static EventDecision linked(
      EventChanged event,
      Link link,
      TaskEvent task,
      UserConnection connection,
      String messageId,
      boolean upsertInFlight) {
    String taskId = link.taskId();
    if (link.deleted()) {
      return EventDecision.ignored(EventReason.TOMBSTONE, taskId, LinkChange.NONE);
    }
    if (event.etag() != null && event.etag().equals(link.eventEtag())) {
      return EventDecision.ignored(EventReason.OWN_WRITE, taskId, LinkChange.NONE);
    }
    if (event.updated() != null
        && link.eventUpdated() != null
        && event.updated().isBefore(link.eventUpdated())) {
      return EventDecision.ignored(EventReason.STALE_EVENT, taskId, LinkChange.NONE);
    }
    EventReason modeSkip = modeSkip(connection);
    boolean cancelled = event.status() == EventStatus.CANCELLED;
    if (cancelled) {
      if (modeSkip != null) {
        return EventDecision.skipped(modeSkip, taskId, LinkChange.NONE);
      }
      UnlinkTaskFromEvent unlink =
          new UnlinkTaskFromEvent(
              CommandIds.ofTaskCommand(messageId, taskId, TaskCommandKind.UNLINK_TASK),
              event.userId(),
              taskId,
              link.calendarId(),
              link.eventId(),
              UnlinkTaskFromEvent.EVENT_DELETED);
      return new EventDecision(
          HistoryOutcome.COMMAND_SENT,
          EventReason.EVENT_DELETED,
          taskId,
          LinkChange.UNLINK,
          null,
          unlink,
          null,
          List.of());
    }
    if (modeSkip != null) {
      // The link still learns the event's etag, so the next CRM write is not refused with 412.
      return EventDecision.skipped(modeSkip, taskId, LinkChange.SEEN);
    }
    if (link.pending()) {
      return EventDecision.ignored(EventReason.TASK_BEING_CREATED, taskId, LinkChange.SEEN);
    }
    if (upsertInFlight) {
      // Our own write's echo, or a Google edit our write will be refused for (412): the write's
      // result merges the latest version seen here.
      return EventDecision.ignored(EventReason.WRITE_IN_FLIGHT, taskId, LinkChange.SEEN);
    }
    if (task == null) {
      return EventDecision.skipped(EventReason.TASK_UNKNOWN, taskId, LinkChange.SEEN);
    }
    if (task instanceof TaskDeleted) {
      // The CRM side's DeleteEvent is on its way.
      return EventDecision.ignored(EventReason.TASK_DELETED, taskId, LinkChange.SEEN);
    }
    String owner = connection.googleAccountEmail();
    if (link.event() != null
        && SyncFields.ofEvent(event, task.timeZone(), owner)
            .equals(SyncFields.ofEvent(link.event(), task.timeZone(), owner))) {
      return EventDecision.ignored(EventReason.ECHO, taskId, LinkChange.SEEN);
    }
    return merged(
        event, link, link.base(), link.taskChangedAt(), task, connection, messageId, false);
  }

  private static EventDecision unlinked(
      EventChanged event,
      Link taskLink,
      TaskEvent task,
      UserConnection connection,
      Instant now,
      String messageId) {
    String taskId = namedTaskId(event);
    if (event.status() == EventStatus.CANCELLED) {
      return EventDecision.ignored(
          EventReason.NOT_LINKED,
          taskId,
          taskLink == null ? LinkChange.TOMBSTONE : LinkChange.NONE);
    }
    if (taskLink != null) {
      return EventDecision.skipped(EventReason.COPY_OF_LINKED_EVENT, taskId, LinkChange.NONE);
    }
    EventReason modeSkip = modeSkip(connection);
    if (modeSkip != null) {
      return EventDecision.skipped(modeSkip, null, LinkChange.NONE);
    }
    if (task instanceof TaskDeleted) {
      // The task this event belongs to is gone; the event must not bring it back.
      return EventDecision.skipped(EventReason.TASK_DELETED, taskId, LinkChange.TOMBSTONE);
    }
    boolean stamped = event.calsyncTaskId() != null && !event.calsyncTaskId().isBlank();
    if (task != null) {
      EventDecision merged = merged(event, null, null, null, task, connection, messageId, true);
      boolean quiet = merged.outcome() == HistoryOutcome.IGNORED;
      return new EventDecision(
          quiet ? HistoryOutcome.COMPLETED : merged.outcome(),
          quiet ? EventReason.LINK_REBUILT : merged.reason(),
          taskId,
          LinkChange.REBUILD,
          merged.newBase(),
          merged.taskCommand(),
          merged.calendarCommand(),
          merged.overrides());
    }
    if (stamped) {
      // A task CalSync once linked but no longer knows (e.g. this service's data was restored):
      // relink and wait for the task; never create a second task for it.
      return new EventDecision(
          HistoryOutcome.COMPLETED,
          EventReason.LINK_REBUILT,
          taskId,
          LinkChange.REBUILD,
          null,
          null,
          null,
          List.of());
    }
    return newEvent(event, connection, now, taskId);
  }

  private static EventDecision newEvent(
      EventChanged event, UserConnection connection, Instant now, String taskId) {
    if (!onPrimaryCalendar(event, connection)) {
      return EventDecision.skipped(EventReason.OTHER_CALENDAR, null, LinkChange.NONE);
    }
    if (event.unacceptedInvitation()
        && connection.settings().invitationPolicy() == InvitationPolicy.ACCEPTED_ONLY) {
      // Not answered yet, or declined: it becomes a task once accepted (a later change).
      return EventDecision.skipped(EventReason.INVITATION_NOT_ACCEPTED, null, LinkChange.NONE);
    }
    boolean recurring =
        (event.recurrence() != null && !event.recurrence().isEmpty())
            || event.recurringEventId() != null;
    if (recurring) {
      return EventDecision.skipped(EventReason.RECURRING_SKIPPED, null, LinkChange.NONE);
    }
    EventTime start = event.start();
    if (start == null) {
      return EventDecision.skipped(EventReason.NO_START, null, LinkChange.NONE);
    }
    String zone = zone(event, connection);
    boolean past =
        start.date() != null
            ? start.date().isBefore(LocalDate.ofInstant(now, ZoneId.of(zone)))
            : !start.dateTime().toInstant().isAfter(now);
    if (past) {
      return EventDecision.skipped(EventReason.PAST_EVENT, null, LinkChange.NONE);
    }
    SyncFields fields = SyncFields.ofEvent(event, zone, connection.googleAccountEmail());
    CreateTaskFromEvent create =
        new CreateTaskFromEvent(
            TaskIds.createCommand(event.userId(), event.eventId()),
            event.userId(),
            event.calendarId(),
            event.eventId(),
            fields.title(),
            fields.description(),
            fields.dueDate(),
            fields.dueTime(),
            zone,
            fields.assignee());
    return new EventDecision(
        HistoryOutcome.COMMAND_SENT,
        EventReason.NEW_EVENT,
        taskId,
        LinkChange.PENDING,
        fields,
        create,
        null,
        List.of());
  }

  /** Merges a linked event with its task; {@code link} is null while the link is being rebuilt. */
  private static EventDecision merged(
      EventChanged event,
      Link link,
      SyncFields base,
      Instant taskChangedAt,
      TaskEvent task,
      UserConnection connection,
      String messageId,
      boolean rebuilding) {
    // While rebuilding, the link to be: only its ids matter to the merge.
    Link target = link != null ? link : Link.rebuilt(task.taskId(), event, null);
    SyncMode mode = connection.settings().mode();
    Reconciliation reconciliation =
        Reconciliation.of(
            base,
            taskChangedAt,
            task,
            event,
            target,
            connection,
            messageId,
            true,
            mode == SyncMode.TWO_WAY);
    LinkChange change = rebuilding ? LinkChange.REBUILD : LinkChange.SEEN;
    if (reconciliation.inSync()) {
      return new EventDecision(
          HistoryOutcome.IGNORED,
          EventReason.IN_SYNC,
          task.taskId(),
          change,
          reconciliation.taskFields(),
          null,
          null,
          List.of());
    }
    if (reconciliation.taskCommand() == null && reconciliation.calendarCommand() == null) {
      return new EventDecision(
          HistoryOutcome.SKIPPED,
          EventReason.NOT_WRITTEN_TO_GOOGLE,
          task.taskId(),
          change,
          null,
          null,
          null,
          reconciliation.merge().overrides());
    }
    return new EventDecision(
        HistoryOutcome.COMMAND_SENT,
        EventReason.EVENT_CHANGED,
        task.taskId(),
        change,
        null,
        reconciliation.taskCommand(),
        reconciliation.calendarCommand(),
        new ArrayList<>(reconciliation.merge().overrides()));
  }

  /** Why nothing may be written to the CRM for this user, or null when it may. */
  static EventReason modeSkip(UserConnection connection) {
    if (connection == null || connection.status() != ConnectionStatus.CONNECTED) {
      return EventReason.NOT_CONNECTED;
    }
    return switch (connection.settings().mode()) {
      case CRM_TO_GOOGLE -> EventReason.MODE_CRM_TO_GOOGLE;
      case PAUSED -> EventReason.MODE_PAUSED;
      case TWO_WAY, GOOGLE_TO_CRM -> null;
    };
  }

  private static boolean onPrimaryCalendar(EventChanged event, UserConnection connection) {
    return UserConnection.PRIMARY_CALENDAR.equals(event.calendarId())
        || connection.googleAccountEmail() == null
        || connection.googleAccountEmail().equalsIgnoreCase(event.calendarId());
  }

  /**
   * The zone of a task created from the event: the event's own (a timed event), else the calendar's
   * (always so for an all-day event, whose date means a day in the calendar's zone), else the
   * user's setting, else UTC.
   */
  private static String zone(EventChanged event, UserConnection connection) {
    String zone = event.start().date() == null ? event.start().timeZone() : null;
    if (zone == null || zone.isBlank()) {
      zone = event.calendarTimeZone();
    }
    if (zone == null || zone.isBlank()) {
      zone = connection.settings().timeZone();
    }
    if (zone == null || zone.isBlank()) {
      return "UTC";
    }
    try {
      return ZoneId.of(zone).getId();
    } catch (RuntimeException e) {
      return "UTC";
    }
  }
}
