package io.calsync.orchestrator.googletocrm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.calsync.contracts.ContractJson;
import io.calsync.contracts.Topics;
import io.calsync.contracts.calendar.EventChanged;
import io.calsync.contracts.calendar.UpsertEvent;
import io.calsync.contracts.task.TaskCommand;
import io.calsync.contracts.task.TaskEvent;
import io.calsync.contracts.task.UnlinkTaskFromEvent;
import io.calsync.orchestrator.command.CalendarCommandLog;
import io.calsync.orchestrator.command.CalendarCommandPublisher;
import io.calsync.orchestrator.command.TaskCommandLog;
import io.calsync.orchestrator.command.TaskCommandPublisher;
import io.calsync.orchestrator.connection.UserConnectionRepository;
import io.calsync.orchestrator.googletocrm.EventDecision.LinkChange;
import io.calsync.orchestrator.guard.DeletionGuard;
import io.calsync.orchestrator.guard.HeldDeletion;
import io.calsync.orchestrator.guard.HeldDeletionApplier;
import io.calsync.orchestrator.history.HistoryAction;
import io.calsync.orchestrator.history.HistoryEntry;
import io.calsync.orchestrator.history.HistoryEntry.Direction;
import io.calsync.orchestrator.history.HistoryOutcome;
import io.calsync.orchestrator.history.SyncHistory;
import io.calsync.orchestrator.link.Link;
import io.calsync.orchestrator.link.LinkRepository;
import io.calsync.orchestrator.link.TaskStateRepository;
import io.calsync.orchestrator.merge.ThreeWayMerge;
import io.calsync.orchestrator.messaging.Inbox;
import io.calsync.orchestrator.metrics.SyncMetrics;
import io.calsync.orchestrator.metrics.Tally;
import io.calsync.orchestrator.reconcile.EventRestorer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 *
 * <p>Unlinking a task whose event was deleted in Google goes through the mass-deletion guard
 * ({@link DeletionGuard}): it is handed to the guard instead of being sent, and the guard applies
 * it later through {@link #apply}; while a deletion of a link is open, changes of its event are
 * ignored.
 */
@Component
public class EventSync implements HeldDeletionApplier {

  private static final String DIRECTION = Direction.GOOGLE_TO_CRM.name();
  private static final ObjectMapper JSON = ContractJson.newMapper();

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
  private final DeletionGuard guard;
  private final EventRestorer eventRestorer;

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
      DeletionGuard guard,
      EventRestorer eventRestorer) {
    this.guard = guard;
    this.eventRestorer = eventRestorer;
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
    this.clock = Clock.systemUTC();
  }

  /** Handles one event change delivered with {@code ce_id = messageId}. */
  public Mono<Void> onEventChanged(String messageId, EventChanged event) {
    return guard
        .lock(event.userId())
        .then(inbox.firstDelivery(messageId, Topics.EVENT_CHANGES))
        .flatMap(
            first ->
                first
                    ? decideAndExecute(messageId, event)
                    : Mono.just(List.of(Tally.ignored("DUPLICATE_MESSAGE"))))
        .as(transactional::transactional)
        .doOnNext(tallies -> tallies.forEach(this::count))
        .then();
  }

  /**
   * While a deletion of the event's link is open in the guard (its event deleted in Google, or its
   * task deleted in the CRM), a change of the event is ignored: the sweeper or the user's decision
   * settles the link first.
   */
  private Mono<List<Tally>> decideAndExecute(String messageId, EventChanged event) {
    return links
        .findByEvent(event.userId(), event.eventId())
        .flatMap(link -> guard.holds(event.userId(), link.taskId()))
        .defaultIfEmpty(false)
        .flatMap(
            held ->
                held
                    ? Mono.just(List.of(Tally.ignored(DeletionGuard.DELETION_HELD)))
                    : decideUnguarded(messageId, event));
  }

  private Mono<List<Tally>> decideUnguarded(String messageId, EventChanged event) {
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
    if (decision.linkChange() == LinkChange.UNLINK
        && decision.taskCommand() instanceof UnlinkTaskFromEvent unlink) {
      // Not sent now: the guard applies it through apply() unless it is part of a mass deletion.
      return guard
          .hold(
              DeletionGuard.taskUnlink(event, unlink, decision.reason().name(), messageId),
              TaskCommandLog.action(unlink))
          .map(List::of);
    }
    return perform(messageId, event, link, task, decision);
  }

  /** Changes the link, sends the decision's commands, logs them and records the history. */
  private Mono<List<Tally>> perform(
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
    HistoryOutcome outcome = HistoryOutcome.valueOf(decision.outcome());
    String reason = decision.reason().name();
    if (decision.taskCommand() == null && decision.calendarCommand() == null) {
      HistoryAction action = inserted ? HistoryAction.LINK : HistoryAction.NONE;
      tallies.add(new Tally(action, outcome, reason));
      if (outcome != HistoryOutcome.IGNORED) {
        entries.add(entry(event, decision, action, null, messageId));
      }
    }
    for (ThreeWayMerge.Override override : decision.overrides()) {
      entries.add(overrideEntry(event, taskId, task, override, messageId));
    }
    Mono<Void> commands = Mono.empty();
    TaskCommand taskCommand = decision.taskCommand();
    if (taskCommand != null) {
      HistoryAction kind = TaskCommandLog.action(taskCommand);
      tallies.add(new Tally(kind, outcome, reason));
      entries.add(entry(event, decision, kind, taskCommand.commandId(), messageId));
      commands =
          commands
              .then(taskCommands.send(taskCommand))
              .then(taskCommandLog.sent(taskCommand, taskId));
    }
    UpsertEvent calendarCommand = decision.calendarCommand();
    if (calendarCommand != null) {
      tallies.add(new Tally(HistoryAction.UPSERT_EVENT, outcome, reason));
      entries.add(
          entry(
              event, decision, HistoryAction.UPSERT_EVENT, calendarCommand.commandId(), messageId));
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

  @Override
  public Direction direction() {
    return Direction.GOOGLE_TO_CRM;
  }

  /**
   * Unlinks a task whose event was deleted in Google, held by the guard, as {@link #execute} would
   * have when the cancellation arrived. Nothing when the link is no longer active.
   */
  @Override
  public Mono<Tally> apply(HeldDeletion deletion) {
    EventChanged cancelled = read(deletion.snapshot(), EventChanged.class);
    UnlinkTaskFromEvent unlink = read(deletion.command(), UnlinkTaskFromEvent.class);
    EventDecision decision =
        new EventDecision(
            "COMMAND_SENT",
            EventReason.valueOf(deletion.reasonCode()),
            deletion.taskId(),
            LinkChange.UNLINK,
            null,
            unlink,
            null,
            List.of());
    return links
        .findByTask(deletion.userId(), deletion.taskId())
        .filter(Link::active)
        .flatMap(
            link ->
                optional(taskStates.find(deletion.userId(), deletion.taskId()))
                    .flatMap(
                        task ->
                            perform(
                                deletion.causationId(),
                                cancelled,
                                link,
                                task.orElse(null),
                                decision)))
        .flatMapIterable(tallies -> tallies)
        .next();
  }

  /**
   * The user keeps the task although its event was deleted in Google: the link stays active and the
   * event is re-created from the task ({@link EventRestorer#restoreEvent}, CRM → Google's {@code
   * TaskSync}).
   */
  @Override
  public Mono<Tally> keep(HeldDeletion deletion) {
    return eventRestorer.restoreEvent(
        deletion.userId(), deletion.taskId(), "keep-held-deletion:" + deletion.id());
  }

  private static <T> T read(String json, Class<T> type) {
    try {
      return JSON.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(
          "unreadable " + type.getSimpleName() + " of a held deletion", e);
    }
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
        HistoryOutcome.valueOf(decision.outcome()),
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
    return new HistoryEntry(
        event.userId(),
        Direction.GOOGLE_TO_CRM,
        HistoryAction.MERGE,
        HistoryOutcome.CONFLICT_RESOLVED,
        taskId,
        event.eventId(),
        override.describe(),
        detail,
        cause);
  }

  private void count(Tally tally) {
    metrics.decision(DIRECTION, tally);
  }

  private static <T> Mono<Optional<T>> optional(Mono<T> mono) {
    return mono.map(Optional::of).defaultIfEmpty(Optional.empty());
  }
}
