package io.calsync.orchestrator.crmtogoogle;

import io.calsync.contracts.calendar.UpsertEvent;
import io.calsync.contracts.task.TaskCommand;
import io.calsync.contracts.task.TaskEvent;
import io.calsync.orchestrator.command.TaskCommandKind;
import io.calsync.orchestrator.connection.UserConnection;
import io.calsync.orchestrator.effect.Effects;
import io.calsync.orchestrator.history.HistoryAction;
import io.calsync.orchestrator.history.HistoryEntry;
import io.calsync.orchestrator.history.HistoryEntry.Direction;
import io.calsync.orchestrator.link.Link;
import io.calsync.orchestrator.merge.ThreeWayMerge;
import io.calsync.orchestrator.metrics.Tally;
import io.calsync.orchestrator.reconcile.Reconciliation;
import java.util.Map;

/**
 * Merges a linked task with the latest known version of its event ({@link Reconciliation}) and
 * returns what each side needs: after a task change in {@code TWO_WAY} mode, and after Google
 * refused a write for an event version the orchestrator already knows. Used only while no upsert of
 * the task is in flight, so the event version the link knows is the event's current one as far as
 * CalSync's own writes go. Pure.
 */
final class MergeEffects {

  static final Tally ECHO = Tally.ignored("ECHO");

  private MergeEffects() {}

  /**
   * @param link the task's active link, knowing its event
   */
  static Effects of(String messageId, TaskEvent task, UserConnection connection, Link link) {
    Reconciliation reconciliation =
        Reconciliation.of(
            link.base(),
            link.taskChangedAt(),
            task,
            link.event(),
            link,
            connection,
            messageId,
            true,
            true);
    if (reconciliation.inSync()) {
      return Effects.transition(link, link.agreed(reconciliation.taskFields(), task.version()))
          .counting(ECHO);
    }
    TaskCommand taskCommand = reconciliation.taskCommand();
    UpsertEvent calendarCommand = reconciliation.calendarCommand();
    if (taskCommand == null && calendarCommand == null) {
      return Effects.counted(ECHO);
    }
    Effects effects = Effects.none();
    for (ThreeWayMerge.Override override : reconciliation.merge().overrides()) {
      effects =
          effects.and(
              Effects.recorded(
                  HistoryEntry.conflictResolved(
                      task.userId(),
                      Direction.CRM_TO_GOOGLE,
                      task.taskId(),
                      link.eventId(),
                      override,
                      Map.of(),
                      messageId)));
    }
    HistoryAction action = HistoryAction.MERGE;
    if (taskCommand != null) {
      action = TaskCommandKind.of(taskCommand).action();
      effects =
          effects
              .and(
                  Effects.recorded(
                      HistoryEntry.commandSent(
                          task.userId(),
                          Direction.GOOGLE_TO_CRM,
                          action,
                          task.taskId(),
                          link.eventId(),
                          "merged with the event's changes",
                          Map.of(
                              "commandId", taskCommand.commandId(), "taskVersion", task.version()),
                          messageId)))
              .and(Effects.sent(taskCommand, task.taskId()));
    }
    if (calendarCommand != null) {
      // Carrying exactly the task's fields, it makes them the base once applied, and Google then
      // holds this task version.
      boolean plainPush = reconciliation.merge().merged().equals(reconciliation.taskFields());
      action = HistoryAction.UPSERT_EVENT;
      effects =
          effects
              .and(
                  Effects.recorded(
                      HistoryEntry.commandSent(
                          task.userId(),
                          Direction.CRM_TO_GOOGLE,
                          action,
                          task.taskId(),
                          link.eventId(),
                          "task changed; merged with the event",
                          Map.of(
                              "commandId",
                              calendarCommand.commandId(),
                              "taskVersion",
                              task.version(),
                              "expectedEtag",
                              String.valueOf(calendarCommand.expectedEtag())),
                          messageId)))
              .and(Effects.sent(calendarCommand, plainPush, plainPush ? task.version() : null))
              .and(Effects.transition(link, link.upsertPushed(task)));
    }
    return effects.counting(Tally.sent(action, "TASK_MERGED"));
  }
}
