package io.calsync.orchestrator.crmtogoogle;

import io.calsync.contracts.calendar.CalendarCommand;
import io.calsync.contracts.task.TaskCommand;
import io.calsync.contracts.task.TaskEvent;
import io.calsync.orchestrator.command.CalendarCommandLog;
import io.calsync.orchestrator.command.CalendarCommandPublisher;
import io.calsync.orchestrator.command.TaskCommandLog;
import io.calsync.orchestrator.command.TaskCommandPublisher;
import io.calsync.orchestrator.connection.UserConnection;
import io.calsync.orchestrator.history.HistoryAction;
import io.calsync.orchestrator.history.HistoryEntry;
import io.calsync.orchestrator.history.HistoryEntry.Direction;
import io.calsync.orchestrator.history.HistoryOutcome;
import io.calsync.orchestrator.history.SyncHistory;
import io.calsync.orchestrator.link.Link;
import io.calsync.orchestrator.link.LinkRepository;
import io.calsync.orchestrator.merge.ThreeWayMerge;
import io.calsync.orchestrator.metrics.Tally;
import io.calsync.orchestrator.reconcile.Reconciliation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Merges a linked task with the latest known version of its event ({@link Reconciliation}) and
 * sends what each side needs, inside the caller's transaction: after a task change in {@code
 * TWO_WAY} mode, and after Google refused a write for an event version the orchestrator already
 * knows. Called only while no upsert of the task is in flight, so the event version the link knows
 * is the event's current one as far as CalSync's own writes go.
 */
@Component
class LinkMerger {

  static final Tally ECHO = Tally.ignored("ECHO");

  private final LinkRepository links;
  private final TaskCommandPublisher taskCommands;
  private final TaskCommandLog taskCommandLog;
  private final CalendarCommandPublisher publisher;
  private final CalendarCommandLog commandLog;
  private final SyncHistory history;

  LinkMerger(
      LinkRepository links,
      TaskCommandPublisher taskCommands,
      TaskCommandLog taskCommandLog,
      CalendarCommandPublisher publisher,
      CalendarCommandLog commandLog,
      SyncHistory history) {
    this.links = links;
    this.taskCommands = taskCommands;
    this.taskCommandLog = taskCommandLog;
    this.publisher = publisher;
    this.commandLog = commandLog;
    this.history = history;
  }

  Mono<Tally> reconcile(String messageId, TaskEvent task, UserConnection connection, Link link) {
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
      return links
          .agreed(task.userId(), task.taskId(), reconciliation.taskFields(), task.version())
          .thenReturn(ECHO);
    }
    TaskCommand taskCommand = reconciliation.taskCommand();
    CalendarCommand calendarCommand = reconciliation.calendarCommand();
    if (taskCommand == null && calendarCommand == null) {
      return Mono.just(ECHO);
    }
    List<HistoryEntry> entries = new ArrayList<>();
    for (ThreeWayMerge.Override override : reconciliation.merge().overrides()) {
      entries.add(
          new HistoryEntry(
              task.userId(),
              Direction.CRM_TO_GOOGLE,
              HistoryAction.MERGE,
              HistoryOutcome.CONFLICT_RESOLVED,
              task.taskId(),
              link.eventId(),
              override.describe(),
              Map.of(
                  "field", override.field().name(),
                  "taskValue", String.valueOf(override.taskValue()),
                  "eventValue", String.valueOf(override.eventValue()),
                  "winner", override.winner().name()),
              messageId));
    }
    Mono<Void> sends = Mono.empty();
    HistoryAction action = HistoryAction.MERGE;
    if (taskCommand != null) {
      action = TaskCommandLog.action(taskCommand);
      entries.add(
          new HistoryEntry(
              task.userId(),
              Direction.GOOGLE_TO_CRM,
              action,
              HistoryOutcome.COMMAND_SENT,
              task.taskId(),
              link.eventId(),
              "merged with the event's changes",
              Map.of("commandId", taskCommand.commandId(), "taskVersion", task.version()),
              messageId));
      sends =
          sends
              .then(taskCommands.send(taskCommand))
              .then(taskCommandLog.sent(taskCommand, task.taskId()));
    }
    if (calendarCommand != null) {
      // Carrying exactly the task's fields, it makes them the base once applied, and Google then
      // holds this task version.
      boolean plainPush = reconciliation.merge().merged().equals(reconciliation.taskFields());
      action = HistoryAction.UPSERT_EVENT;
      entries.add(
          new HistoryEntry(
              task.userId(),
              Direction.CRM_TO_GOOGLE,
              action,
              HistoryOutcome.COMMAND_SENT,
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
              messageId));
      sends =
          sends
              .then(publisher.send(calendarCommand))
              .then(commandLog.sent(calendarCommand, plainPush, plainPush ? task.version() : null))
              .then(links.pushedUpsert(task, calendarCommand.calendarId(), link.eventId()));
    }
    Tally tally = Tally.sent(action, "TASK_MERGED");
    return sends
        .then(Flux.fromIterable(entries).concatMap(history::record).then())
        .thenReturn(tally);
  }
}
