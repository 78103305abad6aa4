package io.calsync.orchestrator.crmtogoogle;

import io.calsync.contracts.calendar.CalendarCommand;
import io.calsync.contracts.connection.SyncMode;
import io.calsync.contracts.task.TaskEvent;
import io.calsync.orchestrator.connection.UserConnection;
import io.calsync.orchestrator.effect.Effects;
import io.calsync.orchestrator.guard.DeletionGuard;
import io.calsync.orchestrator.guard.HeldDeletion;
import io.calsync.orchestrator.history.HistoryAction;
import io.calsync.orchestrator.history.HistoryEntry;
import io.calsync.orchestrator.history.HistoryEntry.Direction;
import io.calsync.orchestrator.link.Link;
import io.calsync.orchestrator.metrics.Tally;
import io.calsync.orchestrator.reconcile.CalendarCommandDecider;
import io.calsync.orchestrator.reconcile.Decision;
import java.util.HashMap;
import java.util.Map;

/**
 * What a task snapshot makes happen in CRM → Google ({@link CalendarCommandDecider}'s decision,
 * with the Google → CRM rules on top), as {@link Effects}: the command, the link's transition, the
 * history and the tally. Pure; {@code TaskSync} loads the state and hands the result to the
 * applier.
 */
final class TaskEffects {

  static final Tally OWN_CHANGE = Tally.ignored("OWN_CHANGE");
  static final Tally WRITE_IN_FLIGHT = Tally.ignored("WRITE_IN_FLIGHT");
  static final Tally CONFLICT_PENDING = Tally.ignored("CONFLICT_PENDING");
  static final Tally EVENT_DELETED = Tally.skipped("EVENT_DELETED");
  static final Tally DELETION_HELD = Tally.skipped(DeletionGuard.DELETION_HELD);

  private TaskEffects() {}

  /**
   * The decision about a task's latest snapshot: a task whose event was deleted in Google is not
   * pushed again; a change CalSync made itself sends no calendar command; in {@code TWO_WAY} mode a
   * linked task whose event is known is merged with it ({@link MergeEffects}) rather than pushed
   * over it. While a deletion of the link is open in the guard, the task's changes are skipped: the
   * user's decision (or the sweeper) settles the link first.
   *
   * @param connection nullable: the owner's connection
   * @param link nullable: the task's link, after the task was seen
   * @param ours whether CalSync made this change itself (for one of its task commands)
   * @param upsertInFlight whether an upsert of the task awaits its result
   * @param held whether a deletion of the task's link is open in the guard
   */
  static Effects ofChange(
      String messageId,
      TaskEvent task,
      UserConnection connection,
      Link link,
      boolean ours,
      boolean upsertInFlight,
      boolean held) {
    if (held) {
      return ours
          ? Effects.counted(OWN_CHANGE)
          : Effects.recorded(
                  HistoryEntry.skipped(
                      task.userId(),
                      Direction.CRM_TO_GOOGLE,
                      task.taskId(),
                      link == null ? null : link.eventId(),
                      DeletionGuard.DELETION_HELD_TEXT,
                      Map.of(
                          "reasonCode", DeletionGuard.DELETION_HELD, "taskVersion", task.version()),
                      messageId))
              .counting(DELETION_HELD);
    }
    if (link != null && link.unlinkedByEvent()) {
      return ours
          ? Effects.counted(OWN_CHANGE)
          : Effects.recorded(
                  HistoryEntry.skipped(
                      task.userId(),
                      Direction.CRM_TO_GOOGLE,
                      task.taskId(),
                      link.eventId(),
                      "the event was deleted in Google Calendar; the task is no longer"
                          + " synchronised",
                      Map.of("reasonCode", "EVENT_DELETED", "taskVersion", task.version()),
                      messageId))
              .counting(EVENT_DELETED);
    }
    Decision decision =
        CalendarCommandDecider.decide(
            task, connection, link == null ? null : link.view(), messageId);
    boolean upsert = decision instanceof Decision.Upsert;
    if (upsert && link != null && link.active() && upsertInFlight) {
      // One write per link at a time. Without an etag a second write would be unconditional
      // (insert, adopting the event on 409) and could restore an event the user deleted in Google
      // meanwhile; with one, the event the link knows is about to change, so merging against it
      // now would misjudge. The write's result brings the latest snapshot (TaskSync.pushLatest).
      return Effects.counted(WRITE_IN_FLIGHT);
    }
    if (upsert && link != null && link.conflictPending()) {
      // Google refused our last write (412) and the connector is publishing the event as it is
      // now; that change merges with this task snapshot (the latest), so pushing now would only
      // overwrite the Google edit unconditionally.
      return Effects.counted(CONFLICT_PENDING);
    }
    if (upsert
        && link != null
        && link.active()
        && link.event() != null
        && connection.settings().mode() == SyncMode.TWO_WAY) {
      return MergeEffects.of(messageId, task, connection, link);
    }
    if (ours) {
      return Effects.counted(OWN_CHANGE);
    }
    return of(decision, task, link, messageId, true);
  }

  /**
   * The effects of {@code decision}: a skip (recorded in the history when {@code recordSkip}), a
   * deletion handed to the guard (which applies it through {@code TaskSync.apply} unless it is part
   * of a mass deletion), or an upsert sent now.
   *
   * @param link nullable: the task's link
   */
  static Effects of(
      Decision decision, TaskEvent task, Link link, String messageId, boolean recordSkip) {
    if (decision.command() == null) {
      Tally tally = Tally.skipped(decision.reason().name());
      return recordSkip
          ? Effects.recorded(entry(task, null, decision, tally, messageId)).counting(tally)
          : Effects.counted(tally);
    }
    if (decision instanceof Decision.Delete delete) {
      return Effects.held(
          HeldDeletion.eventDeletion(task, delete.command(), decision.reason().name(), messageId),
          HistoryAction.DELETE_EVENT);
    }
    return sent(decision, task, link, messageId);
  }

  /**
   * Sends the decision's command now: logged, the link pushed (created, or re-activated) or
   * deleted, and the history line.
   *
   * @param link nullable: the task's link
   */
  static Effects sent(Decision decision, TaskEvent task, Link link, String messageId) {
    CalendarCommand command = decision.command();
    boolean upsert = decision instanceof Decision.Upsert;
    Tally tally =
        Tally.sent(
            upsert ? HistoryAction.UPSERT_EVENT : HistoryAction.DELETE_EVENT,
            decision.reason().name());
    Link next;
    if (upsert) {
      next =
          link == null
              ? Link.pushed(task, command.calendarId(), command.eventId())
              : link.upsertPushed(task);
    } else {
      next = link == null ? null : link.deletePushed(task);
    }
    return Effects.sent(command, upsert, task.version())
        .and(Effects.transition(link, next))
        .and(Effects.recorded(entry(task, command, decision, tally, messageId)))
        .counting(tally);
  }

  private static HistoryEntry entry(
      TaskEvent task, CalendarCommand command, Decision decision, Tally tally, String messageId) {
    Map<String, Object> detail = new HashMap<>();
    detail.put("reasonCode", decision.reason().name());
    detail.put("taskVersion", task.version());
    if (command != null) {
      detail.put("commandId", command.commandId());
      if (command.expectedEtag() != null) {
        detail.put("expectedEtag", command.expectedEtag());
      }
    }
    return new HistoryEntry(
        task.userId(),
        Direction.CRM_TO_GOOGLE,
        tally.action(),
        tally.outcome(),
        task.taskId(),
        command == null ? null : command.eventId(),
        decision.reason().text(),
        detail,
        messageId);
  }
}
