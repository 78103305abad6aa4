package io.calsync.orchestrator.googletocrm;

import io.calsync.contracts.Topics;
import io.calsync.contracts.calendar.EventChanged;
import io.calsync.contracts.calendar.UpsertEvent;
import io.calsync.contracts.task.TaskCommand;
import io.calsync.contracts.task.TaskEvent;
import io.calsync.orchestrator.command.CalendarCommandLog;
import io.calsync.orchestrator.command.CalendarCommandPublisher;
import io.calsync.orchestrator.command.CommandKind;
import io.calsync.orchestrator.command.TaskCommandLog;
import io.calsync.orchestrator.command.TaskCommandPublisher;
import io.calsync.orchestrator.connection.UserConnectionRepository;
import io.calsync.orchestrator.googletocrm.EventDecision.LinkChange;
import io.calsync.orchestrator.history.HistoryEntry;
import io.calsync.orchestrator.history.HistoryEntry.Direction;
import io.calsync.orchestrator.history.SyncHistory;
import io.calsync.orchestrator.link.Link;
import io.calsync.orchestrator.link.LinkRepository;
import io.calsync.orchestrator.link.TaskStateRepository;
import io.calsync.orchestrator.merge.ThreeWayMerge;
import io.calsync.orchestrator.messaging.Inbox;
import io.calsync.orchestrator.metrics.SyncMetrics;
import io.calsync.orchestrator.metrics.Tally;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Google → CRM: turns {@code calendar.event-changes} into task commands, and into calendar commands
 * where the merge keeps a CRM value (docs/google-to-crm.md).
 *
 * <p>One R2DBC transaction per event change: inbox row, the link, the linked task's latest
 * snapshot, the decision ({@link EventChangeDecider}), the link change, commands (sent and
 * acknowledged before the commit, with ids derived from the {@code ce_id}) and history.
 */
@Component
public class EventSync {

  private static final String DIRECTION = Direction.GOOGLE_TO_CRM.name();

  private final Inbox inbox;
  private final UserConnectionRepository connections;
  private final LinkRepository links;
  private final TaskStateRepository taskStates;
  private final TaskCommandPublisher taskCommands;
  private final TaskCommandLog taskCommandLog;
  private final CalendarCommandPublisher calendarCommands;
  private final CalendarCommandLog calendarCommandLog;
  private final SyncHistory history;
  private final SyncMetrics metrics;
  private final TransactionalOperator transactional;
  private final Clock clock;

  @Autowired
  EventSync(
      Inbox inbox,
      UserConnectionRepository connections,
      LinkRepository links,
      TaskStateRepository taskStates,
      TaskCommandPublisher taskCommands,
      TaskCommandLog taskCommandLog,
      CalendarCommandPublisher calendarCommands,
      CalendarCommandLog calendarCommandLog,
      SyncHistory history,
      SyncMetrics metrics,
      TransactionalOperator transactional) {
    this(
        inbox,
        connections,
        links,
        taskStates,
        taskCommands,
        taskCommandLog,
        calendarCommands,
        calendarCommandLog,
        history,
        metrics,
        transactional,
        Clock.systemUTC());
  }

  EventSync(
      Inbox inbox,
      UserConnectionRepository connections,
      LinkRepository links,
      TaskStateRepository taskStates,
      TaskCommandPublisher taskCommands,
      TaskCommandLog taskCommandLog,
      CalendarCommandPublisher calendarCommands,
      CalendarCommandLog calendarCommandLog,
      SyncHistory history,
      SyncMetrics metrics,
      TransactionalOperator transactional,
      Clock clock) {
    this.inbox = inbox;
    this.connections = connections;
    this.links = links;
    this.taskStates = taskStates;
    this.taskCommands = taskCommands;
    this.taskCommandLog = taskCommandLog;
    this.calendarCommands = calendarCommands;
    this.calendarCommandLog = calendarCommandLog;
    this.history = history;
    this.metrics = metrics;
    this.transactional = transactional;
    this.clock = clock;
  }

  /** Handles one event change delivered with {@code ce_id = messageId}. */
  public Mono<Void> onEventChanged(String messageId, EventChanged event) {
    return inbox
        .firstDelivery(messageId, Topics.EVENT_CHANGES)
        .flatMap(
            first ->
                first
                    ? decideAndExecute(messageId, event)
                    : Mono.just(List.of(new Tally("NONE", "IGNORED", "DUPLICATE_MESSAGE"))))
        .as(transactional::transactional)
        .doOnNext(tallies -> tallies.forEach(this::count))
        .then();
  }

  private Mono<List<Tally>> decideAndExecute(String messageId, EventChanged event) {
    String userId = event.userId();
    // One statement after the other: they share the transaction's connection.
    return optional(connections.find(userId))
        .flatMap(
            connection ->
                optional(links.findByEvent(userId, event.eventId()))
                    .flatMap(
                        link -> {
                          String taskId =
                              link.map(Link::taskId)
                                  .orElseGet(() -> EventChangeDecider.namedTaskId(event));
                          Mono<Optional<Link>> taskLink =
                              link.isPresent()
                                  ? Mono.just(Optional.empty())
                                  : optional(links.findByTask(userId, taskId));
                          Mono<Boolean> inFlight =
                              link.isPresent()
                                  ? calendarCommandLog.upsertInFlight(userId, taskId)
                                  : Mono.just(false);
                          return taskLink.flatMap(
                              byTask ->
                                  inFlight.flatMap(
                                      writing ->
                                          optional(taskStates.find(userId, taskId))
                                              .flatMap(
                                                  task ->
                                                      execute(
                                                          messageId,
                                                          event,
                                                          link.orElse(null),
                                                          task.orElse(null),
                                                          EventChangeDecider.decide(
                                                              event,
                                                              link.orElse(null),
                                                              byTask.orElse(null),
                                                              task.orElse(null),
                                                              connection.orElse(null),
                                                              clock.instant(),
                                                              messageId,
                                                              writing)))));
                        }));
  }

  private Mono<List<Tally>> execute(
      String messageId, EventChanged event, Link link, TaskEvent task, EventDecision decision) {
    String taskId = decision.taskId();
    Mono<Void> linkChange =
        switch (decision.linkChange()) {
          case NONE -> Mono.empty();
          case SEEN -> links.eventSeen(link, event);
          case PENDING ->
              links.insertFromEvent(taskId, event, Link.PENDING, decision.newBase(), null);
          case REBUILD ->
              links.insertFromEvent(taskId, event, Link.ACTIVE, decision.newBase(), null);
          case TOMBSTONE -> links.insertFromEvent(taskId, event, Link.DELETED, null, null);
          case UNLINK -> links.deletedByEvent(link, event);
        };
    boolean inserted =
        decision.linkChange() == LinkChange.PENDING || decision.linkChange() == LinkChange.REBUILD;
    Mono<Void> base =
        decision.newBase() != null && !inserted
            ? links.agreed(event.userId(), taskId, decision.newBase())
            : Mono.empty();
    List<Tally> tallies = new ArrayList<>();
    List<HistoryEntry> entries = new ArrayList<>();
    String outcome = decision.outcome();
    String reason = decision.reason().name();
    if (decision.taskCommand() == null && decision.calendarCommand() == null) {
      tallies.add(new Tally(inserted ? "LINK" : "NONE", outcome, reason));
      if (!"IGNORED".equals(outcome)) {
        entries.add(entry(event, decision, inserted ? "LINK" : "NONE", null, messageId));
      }
    }
    for (ThreeWayMerge.Override override : decision.overrides()) {
      entries.add(overrideEntry(event, taskId, task, override, messageId));
    }
    Mono<Void> commands = Mono.empty();
    TaskCommand taskCommand = decision.taskCommand();
    if (taskCommand != null) {
      String kind = TaskCommandLog.kind(taskCommand);
      tallies.add(new Tally(kind, outcome, reason));
      entries.add(entry(event, decision, kind, taskCommand.commandId(), messageId));
      commands =
          commands
              .then(taskCommands.send(taskCommand))
              .then(taskCommandLog.sent(taskCommand, taskId));
    }
    UpsertEvent calendarCommand = decision.calendarCommand();
    if (calendarCommand != null) {
      tallies.add(new Tally(CommandKind.UPSERT_EVENT.name(), outcome, reason));
      entries.add(
          entry(
              event,
              decision,
              CommandKind.UPSERT_EVENT.name(),
              calendarCommand.commandId(),
              messageId));
      commands =
          commands
              .then(calendarCommands.send(calendarCommand))
              // Without a task command the merge kept the task's fields: once applied, they are
              // the base, and Google holds the task's version.
              .then(
                  calendarCommandLog.sent(
                      calendarCommand,
                      taskCommand == null,
                      taskCommand == null && task != null ? task.version() : null));
    }
    return linkChange
        .then(base)
        .then(commands)
        .then(Flux.fromIterable(entries).concatMap(history::record).then())
        .thenReturn(tallies);
  }

  private static HistoryEntry entry(
      EventChanged event, EventDecision decision, String action, String commandId, String cause) {
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
    Map<String, Object> detail = new HashMap<>();
    detail.put("field", override.field().name());
    detail.put("taskValue", String.valueOf(override.taskValue()));
    detail.put("eventValue", String.valueOf(override.eventValue()));
    detail.put("winner", override.winner().name());
    if (task != null) {
      detail.put("taskUpdatedAt", task.updatedAt().toString());
    }
    if (event.updated() != null) {
      detail.put("eventUpdated", event.updated().toString());
    }
    String kept = override.winner() == ThreeWayMerge.Side.CRM ? "the CRM" : "Google";
    return new HistoryEntry(
        event.userId(),
        Direction.GOOGLE_TO_CRM,
        "MERGE",
        "CONFLICT_RESOLVED",
        taskId,
        event.eventId(),
        override.field().name().toLowerCase(java.util.Locale.ROOT)
            + " changed on both sides; the most recent change, in "
            + kept
            + ", wins",
        detail,
        cause);
  }

  private void count(Tally tally) {
    metrics.decision(DIRECTION, tally.action(), tally.outcome(), tally.reason());
  }

  private static <T> Mono<Optional<T>> optional(Mono<T> mono) {
    return mono.map(Optional::of).defaultIfEmpty(Optional.empty());
  }
}
