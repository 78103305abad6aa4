package io.calsync.orchestrator.googletocrm;

import io.calsync.contracts.calendar.EventChanged;
import io.calsync.contracts.calendar.UpsertEvent;
import io.calsync.contracts.task.TaskCommand;
import io.calsync.contracts.task.TaskEvent;
import io.calsync.contracts.task.UnlinkTaskFromEvent;
import io.calsync.orchestrator.command.TaskCommandKind;
import io.calsync.orchestrator.effect.Effects;
import io.calsync.orchestrator.googletocrm.EventDecision.LinkChange;
import io.calsync.orchestrator.guard.HeldDeletion;
import io.calsync.orchestrator.history.HistoryAction;
import io.calsync.orchestrator.history.HistoryEntry;
import io.calsync.orchestrator.history.HistoryEntry.Direction;
import io.calsync.orchestrator.history.HistoryOutcome;
import io.calsync.orchestrator.link.Link;
import io.calsync.orchestrator.merge.ThreeWayMerge;
import io.calsync.orchestrator.metrics.Tally;
import java.util.HashMap;
import java.util.Map;

/**
 * What an {@link EventDecision} makes happen: the link's transition, the commands, the history
 * lines and the tallies. Pure, like the decision itself; {@code EventSync} hands the result to the
 * applier.
 */
final class EventEffects {

  private EventEffects() {}

  /**
   * The effects of {@code decision} about {@code event}; unlinking a task whose event was deleted
   * in Google goes to the mass-deletion guard instead of being sent.
   *
   * @param link nullable: the event's link as loaded
   * @param task nullable: the linked (or named) task's latest snapshot
   */
  static Effects of(
      String messageId, EventChanged event, Link link, TaskEvent task, EventDecision decision) {
    if (decision.linkChange() == LinkChange.UNLINK
        && decision.taskCommand() instanceof UnlinkTaskFromEvent unlink) {
      // Not sent now: the guard applies it through EventSync.apply unless it is part of a mass
      // deletion.
      return Effects.held(
          HeldDeletion.taskUnlink(event, unlink, decision.reason().name(), messageId),
          TaskCommandKind.UNLINK_TASK.action());
    }
    return performed(messageId, event, link, task, decision);
  }

  /** The effects of {@code decision} carried out now. */
  static Effects performed(
      String messageId, EventChanged event, Link link, TaskEvent task, EventDecision decision) {
    String taskId = decision.taskId();
    Link next =
        switch (decision.linkChange()) {
          case NONE -> link;
          case SEEN -> link.eventSeen(event);
          case PENDING -> Link.pending(taskId, event, decision.newBase());
          case REBUILD -> Link.rebuilt(taskId, event, decision.newBase());
          case TOMBSTONE -> Link.tombstone(taskId, event);
          case UNLINK -> link.deletedByEvent(event);
        };
    boolean inserted =
        decision.linkChange() == LinkChange.PENDING || decision.linkChange() == LinkChange.REBUILD;
    if (decision.newBase() != null && !inserted && next != null) {
      next = next.agreed(decision.newBase());
    }
    Effects effects = Effects.transition(link, next);
    HistoryOutcome outcome = decision.outcome();
    String reason = decision.reason().name();
    TaskCommand taskCommand = decision.taskCommand();
    UpsertEvent calendarCommand = decision.calendarCommand();
    if (taskCommand == null && calendarCommand == null) {
      HistoryAction action = inserted ? HistoryAction.LINK : HistoryAction.NONE;
      effects = effects.counting(new Tally(action, outcome, reason));
      if (outcome != HistoryOutcome.IGNORED) {
        effects = effects.and(Effects.recorded(entry(event, decision, action, null, messageId)));
      }
    }
    for (ThreeWayMerge.Override override : decision.overrides()) {
      effects =
          effects.and(Effects.recorded(overrideEntry(event, taskId, task, override, messageId)));
    }
    if (taskCommand != null) {
      HistoryAction kind = TaskCommandKind.of(taskCommand).action();
      effects =
          effects
              .counting(new Tally(kind, outcome, reason))
              .and(
                  Effects.recorded(
                      entry(event, decision, kind, taskCommand.commandId(), messageId)))
              .and(Effects.sent(taskCommand, taskId));
    }
    if (calendarCommand != null) {
      // Without a task command the merge kept the task's fields: once applied, they are the base,
      // and Google holds the task's version.
      effects =
          effects
              .counting(new Tally(HistoryAction.UPSERT_EVENT, outcome, reason))
              .and(
                  Effects.recorded(
                      entry(
                          event,
                          decision,
                          HistoryAction.UPSERT_EVENT,
                          calendarCommand.commandId(),
                          messageId)))
              .and(
                  Effects.sent(
                      calendarCommand,
                      taskCommand == null,
                      taskCommand == null && task != null ? task.version() : null));
    }
    return effects;
  }

  private static HistoryEntry entry(
      EventChanged event,
      EventDecision decision,
      HistoryAction action,
      String commandId,
      String cause) {
    Map<String, Object> detail = new HashMap<>();
    detail.put("reasonCode", decision.reason().name());
    if (commandId != null) {
      detail.put("commandId", commandId);
    }
    if (event.etag() != null) {
      detail.put("etag", event.etag());
    }
    return new HistoryEntry(
        event.userId(),
        Direction.GOOGLE_TO_CRM,
        action,
        decision.outcome(),
        decision.taskId(),
        event.eventId(),
        decision.reason().text(),
        detail,
        cause);
  }

  private static HistoryEntry overrideEntry(
      EventChanged event,
      String taskId,
      TaskEvent task,
      ThreeWayMerge.Override override,
      String cause) {
    Map<String, Object> times = new HashMap<>();
    if (task != null) {
      times.put("taskUpdatedAt", task.updatedAt().toString());
    }
    if (event.updated() != null) {
      times.put("eventUpdated", event.updated().toString());
    }
    return HistoryEntry.conflictResolved(
        event.userId(), Direction.GOOGLE_TO_CRM, taskId, event.eventId(), override, times, cause);
  }
}
