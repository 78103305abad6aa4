package io.calsync.orchestrator.crmtogoogle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.calsync.contracts.ContractJson;
import io.calsync.contracts.Topics;
import io.calsync.contracts.calendar.CalendarCommand;
import io.calsync.contracts.calendar.DeleteEvent;
import io.calsync.contracts.connection.SyncMode;
import io.calsync.contracts.task.Origins;
import io.calsync.contracts.task.TaskDeleted;
import io.calsync.contracts.task.TaskEvent;
import io.calsync.contracts.task.TaskUpdated;
import io.calsync.orchestrator.command.CalendarCommandLog;
import io.calsync.orchestrator.command.CalendarCommandPublisher;
import io.calsync.orchestrator.command.TaskCommandLog;
import io.calsync.orchestrator.connection.CatchUp;
import io.calsync.orchestrator.connection.UserConnection;
import io.calsync.orchestrator.connection.UserConnectionRepository;
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
import io.calsync.orchestrator.link.LinkState;
import io.calsync.orchestrator.link.TaskStateRepository;
import io.calsync.orchestrator.messaging.Inbox;
import io.calsync.orchestrator.metrics.SyncMetrics;
import io.calsync.orchestrator.metrics.Tally;
import io.calsync.orchestrator.reconcile.CalendarCommandDecider;
import io.calsync.orchestrator.reconcile.Decision;
import io.calsync.orchestrator.reconcile.DecisionReason;
import io.calsync.orchestrator.reconcile.EventIds;
import io.calsync.orchestrator.reconcile.EventRestorer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * CRM → Google: turns task events into calendar commands (docs/crm-to-google.md).
 *
 * <p>Each task event is handled in one R2DBC transaction: inbox row, version check, latest task
 * snapshot, decision, link and history. A command is sent and acknowledged by Kafka inside that
 * transaction, before it commits; if the process dies in between, the redelivered event yields the
 * same command with the same id.
 *
 * <p>Deletions of events go through the mass-deletion guard ({@link DeletionGuard}): they are
 * handed to it instead of being sent, and it applies them later through {@link #apply}; while a
 * deletion of a link is open, changes of its task are skipped.
 */
@Component
public class TaskSync implements CatchUp, HeldDeletionApplier, EventRestorer {

  private static final ObjectMapper JSON = ContractJson.newMapper();

  private static final Tally DUPLICATE = Tally.ignored("DUPLICATE_MESSAGE");
  private static final Tally STALE = Tally.ignored("STALE_VERSION");
  private static final Tally OWN_CHANGE = Tally.ignored("OWN_CHANGE");
  private static final Tally WRITE_IN_FLIGHT = Tally.ignored("WRITE_IN_FLIGHT");
  private static final Tally CONFLICT_PENDING = Tally.ignored("CONFLICT_PENDING");
  private static final Tally EVENT_DELETED = Tally.skipped("EVENT_DELETED");
  private static final Tally ACCOUNT_CHANGED = Tally.skipped("ACCOUNT_CHANGED");
  private static final Tally DELETION_HELD = Tally.skipped(DeletionGuard.DELETION_HELD);
  private static final Tally DELETION_KEPT =
      new Tally(HistoryAction.NONE, HistoryOutcome.COMPLETED, "DELETION_KEPT");

  private final Inbox inbox;
  private final TaskStateRepository taskStates;
  private final UserConnectionRepository connections;
  private final LinkRepository links;
  private final CalendarCommandLog commandLog;
  private final CalendarCommandPublisher publisher;
  private final SyncHistory history;
  private final SyncMetrics metrics;
  private final TransactionalOperator transactional;
  private final TaskCommandLog taskCommandLog;
  private final LinkMerger merger;
  private final DeletionGuard guard;

  TaskSync(
      Inbox inbox,
      TaskStateRepository taskStates,
      UserConnectionRepository connections,
      LinkRepository links,
      CalendarCommandLog commandLog,
      CalendarCommandPublisher publisher,
      SyncHistory history,
      SyncMetrics metrics,
      TransactionalOperator transactional,
      TaskCommandLog taskCommandLog,
      LinkMerger merger,
      DeletionGuard guard) {
    this.guard = guard;
    this.taskCommandLog = taskCommandLog;
    this.merger = merger;
    this.inbox = inbox;
    this.taskStates = taskStates;
    this.connections = connections;
    this.links = links;
    this.commandLog = commandLog;
    this.publisher = publisher;
    this.history = history;
    this.metrics = metrics;
    this.transactional = transactional;
  }

  /** Handles one task event delivered with {@code ce_id = messageId}. */
  public Mono<Void> onTaskEvent(String messageId, TaskEvent task) {
    return guard
        .lock(task.userId())
        .then(inbox.firstDelivery(messageId, Topics.TASK_EVENTS))
        .flatMap(
            first ->
                first
                    ? taskStates
                        .advance(task)
                        .flatMap(
                            newer -> newer ? decideAndExecute(messageId, task) : Mono.just(STALE))
                    : Mono.just(DUPLICATE))
        .as(transactional::transactional)
        .doOnNext(this::count)
        .then();
  }

  /**
   * Pushes the user's tasks that are not in Google (never pushed, changed while the user was not
   * connected or not writing to Google, or refused by the connector), after a connect or a switch
   * to a writing mode. Runs in the caller's transaction; records one summary line plus one line per
   * command, since the skips were recorded when the task changed. The caller counts the returned
   * tallies after its commit.
   *
   * <p>A task with a command in flight is passed over: one write per link at a time. That command's
   * result completes the catch-up: once applied, a newer version follows ({@link #pushLatest}); if
   * refused, the task is sent again at once ({@link #resend}), since this catch-up started after
   * the command was sent.
   *
   * @param messageId {@code ce_id} of the connection event, the seed of the command ids
   */
  @Override
  public Mono<List<Tally>> backfill(UserConnection connection, String messageId) {
    return taskStates
        .outOfSync(connection.userId())
        // Collect first: the connection must not be issuing new statements while it still streams
        // the rows of this one.
        .collectList()
        .flatMapMany(Flux::fromIterable)
        .concatMap(
            task ->
                claimEventTombstone(task)
                    .flatMap(
                        claimed ->
                            claimed
                                ? Mono.just(EVENT_DELETED)
                                : catchUp(task, connection, messageId)))
        .collectList()
        .flatMap(tallies -> summary(connection.userId(), messageId, tallies).thenReturn(tallies));
  }

  /**
   * Closes the links to the previous account's calendar ({@link
   * LinkRepository#closeForAccountChange}) and marks every command sent so far as sent to that
   * account: their results, however late, change no link, and they do not hold the catch-up back.
   * One history line per closed link says why the task's event is no longer updated.
   */
  @Override
  public Mono<List<Tally>> accountChanged(UserConnection connection, String messageId) {
    return commandLog
        .supersede(connection.userId())
        .then(links.closeForAccountChange(connection.userId()))
        .flatMapMany(Flux::fromIterable)
        .concatMap(
            closed ->
                history
                    .record(
                        HistoryEntry.skipped(
                            connection.userId(),
                            Direction.CRM_TO_GOOGLE,
                            closed.taskId(),
                            closed.eventId(),
                            "another Google account was connected; this task's event stays in the"
                                + " previous account's calendar, which CalSync no longer updates",
                            Map.of(
                                "reasonCode",
                                ACCOUNT_CHANGED.reason(),
                                "previousCalendarId",
                                closed.calendarId(),
                                "linkState",
                                closed.state()),
                            messageId))
                    .thenReturn(ACCOUNT_CHANGED))
        .collectList();
  }

  /**
   * The catch-up of one task; passes it over while a command of it is in flight, or a deletion of
   * its link is open in the guard.
   */
  private Mono<Tally> catchUp(TaskEvent task, UserConnection connection, String messageId) {
    return guard
        .holds(task.userId(), task.taskId())
        .flatMap(
            held -> held ? Mono.just(DELETION_HELD) : catchUpUnheld(task, connection, messageId));
  }

  private Mono<Tally> catchUpUnheld(TaskEvent task, UserConnection connection, String messageId) {
    return commandLog
        .inFlight(task.userId(), task.taskId())
        .flatMap(
            inFlight ->
                inFlight
                    ? Mono.just(WRITE_IN_FLIGHT)
                    : optionalLink(task)
                        .flatMap(
                            link ->
                                execute(
                                    CalendarCommandDecider.decide(
                                        task, connection, link.orElse(null), messageId),
                                    task,
                                    messageId,
                                    false)));
  }

  private Mono<Boolean> claimEventTombstone(TaskEvent task) {
    return links.claimEventTombstone(
        task.userId(), task.taskId(), EventIds.of(task.userId(), task.taskId()));
  }

  /**
   * After the connector refused the task's last command (not connected, or a failure that may pass)
   * and a catch-up has passed the task over meanwhile: sends the task's latest snapshot again
   * unless Google already holds it. Runs in the caller's transaction.
   *
   * @param messageId {@code ce_id} of the command result, the seed of the command ids
   */
  Mono<Tally> resend(String messageId, UserConnection connection, String userId, String taskId) {
    return taskStates
        .find(userId, taskId)
        .flatMap(
            task ->
                links
                    .find(userId, taskId)
                    .filter(linkState -> linkState.appliedTaskVersion() < task.version())
                    .flatMap(linkState -> redecide(messageId, task, connection, linkState)));
  }

  /** Decides again for a linked task's latest snapshot, in the caller's transaction. */
  private Mono<Tally> redecide(
      String messageId, TaskEvent task, UserConnection connection, LinkState linkState) {
    return links
        .findByTask(task.userId(), task.taskId())
        .flatMap(link -> decide(messageId, task, connection, linkState, link, false, false));
  }

  private Mono<Tally> decideAndExecute(String messageId, TaskEvent task) {
    // One statement after the other: they share the transaction's connection.
    return optionalConnection(task.userId())
        .flatMap(
            connection ->
                ours(task)
                    .flatMap(
                        ours ->
                            links
                                .taskSeen(task, ours)
                                .then(claimEventTombstone(task))
                                .then(optionalLink(task))
                                .flatMap(
                                    link ->
                                        links
                                            .findByTask(task.userId(), task.taskId())
                                            .map(Optional::of)
                                            .defaultIfEmpty(Optional.empty())
                                            .flatMap(
                                                merge ->
                                                    commandLog
                                                        .upsertInFlight(
                                                            task.userId(), task.taskId())
                                                        .flatMap(
                                                            inFlight ->
                                                                decide(
                                                                    messageId,
                                                                    task,
                                                                    connection.orElse(null),
                                                                    link.orElse(null),
                                                                    merge.orElse(null),
                                                                    ours,
                                                                    inFlight))))));
  }

  /**
   * After Google applied an upsert of the task: decides again for the task's latest snapshot, which
   * (like event changes) waited while that write was in flight. Runs in the caller's transaction.
   */
  Mono<Tally> pushLatest(String messageId, String userId, String taskId) {
    return taskStates
        .find(userId, taskId)
        .flatMap(
            task ->
                links
                    .find(userId, taskId)
                    .filter(LinkState::active)
                    .flatMap(
                        linkState ->
                            connections
                                .find(userId)
                                // TWO_WAY merges the latest task with the latest event seen
                                // (an edit in Google while the write was in flight, or none: then
                                // only the base moves); other modes push a newer task version.
                                .filter(
                                    connection ->
                                        connection.settings().mode() == SyncMode.TWO_WAY
                                            || linkState.taskVersion() < task.version())
                                .flatMap(
                                    connection ->
                                        redecide(messageId, task, connection, linkState))));
  }

  /**
   * The CRM → Google decision, with the Google → CRM rules on top: a task whose event was deleted
   * in Google is not pushed again; a change CalSync made itself sends no calendar command; in
   * {@code TWO_WAY} mode a linked task whose event is known is merged with it rather than pushed
   * over it. While a deletion of the link is open in the guard, the task's changes are skipped: the
   * user's decision (or the sweeper) settles the link first.
   */
  private Mono<Tally> decide(
      String messageId,
      TaskEvent task,
      UserConnection connection,
      LinkState linkState,
      Link link,
      boolean ours,
      boolean upsertInFlight) {
    return guard
        .holds(task.userId(), task.taskId())
        .flatMap(
            held ->
                held
                    ? deletionHeld(messageId, task, link, ours)
                    : decideUnguarded(
                        messageId, task, connection, linkState, link, ours, upsertInFlight));
  }

  private Mono<Tally> deletionHeld(String messageId, TaskEvent task, Link link, boolean ours) {
    if (ours) {
      return Mono.just(OWN_CHANGE);
    }
    return history
        .record(
            HistoryEntry.skipped(
                task.userId(),
                Direction.CRM_TO_GOOGLE,
                task.taskId(),
                link == null ? null : link.eventId(),
                DeletionGuard.DELETION_HELD_TEXT,
                Map.of("reasonCode", DeletionGuard.DELETION_HELD, "taskVersion", task.version()),
                messageId))
        .thenReturn(DELETION_HELD);
  }

  private Mono<Tally> decideUnguarded(
      String messageId,
      TaskEvent task,
      UserConnection connection,
      LinkState linkState,
      Link link,
      boolean ours,
      boolean upsertInFlight) {
    if (link != null && link.unlinkedByEvent()) {
      if (ours) {
        return Mono.just(OWN_CHANGE);
      }
      Tally tally = EVENT_DELETED;
      return history
          .record(
              HistoryEntry.skipped(
                  task.userId(),
                  Direction.CRM_TO_GOOGLE,
                  task.taskId(),
                  link.eventId(),
                  "the event was deleted in Google Calendar; the task is no longer synchronised",
                  Map.of("reasonCode", "EVENT_DELETED", "taskVersion", task.version()),
                  messageId))
          .thenReturn(tally);
    }
    Decision decision = CalendarCommandDecider.decide(task, connection, linkState, messageId);
    if (decision instanceof Decision.Upsert && link != null && link.active() && upsertInFlight) {
      // One write per link at a time. Without an etag a second write would be unconditional
      // (insert, adopting the event on 409) and could restore an event the user deleted in Google
      // meanwhile; with one, the event the link knows is about to change, so merging against it
      // now would misjudge. The write's result brings the latest snapshot (pushLatest).
      return Mono.just(WRITE_IN_FLIGHT);
    }
    if (decision instanceof Decision.Upsert && link != null && link.conflictPending()) {
      // Google refused our last write (412) and the connector is publishing the event as it is
      // now; that change merges with this task snapshot (the latest), so pushing now would only
      // overwrite the Google edit unconditionally.
      return Mono.just(CONFLICT_PENDING);
    }
    if (decision instanceof Decision.Upsert
        && link != null
        && link.active()
        && link.event() != null
        && connection.settings().mode() == SyncMode.TWO_WAY) {
      return merger.reconcile(messageId, task, connection, link);
    }
    if (ours) {
      return Mono.just(OWN_CHANGE);
    }
    return execute(decision, task, messageId, true);
  }

  /** A change task-service applied for one of our task commands. */
  private Mono<Boolean> ours(TaskEvent task) {
    if (Origins.CALENDAR_SYNC.equals(task.origin())) {
      return Mono.just(true);
    }
    return taskCommandLog.ours(task.causationId());
  }

  private Mono<Tally> execute(
      Decision decision, TaskEvent task, String messageId, boolean recordSkip) {
    CalendarCommand command = decision.command();
    if (command == null) {
      Tally tally = Tally.skipped(decision.reason().name());
      return recordSkip
          ? history.record(entry(task, null, decision, tally, messageId)).thenReturn(tally)
          : Mono.just(tally);
    }
    if (decision instanceof Decision.Delete delete) {
      // Not sent now: the guard applies it through apply() unless it is part of a mass deletion.
      return guard.hold(
          DeletionGuard.eventDeletion(task, delete.command(), decision.reason().name(), messageId),
          HistoryAction.DELETE_EVENT);
    }
    return send(decision, task, messageId);
  }

  /** Sends the decision's command, logs it, changes the link and records the history. */
  private Mono<Tally> send(Decision decision, TaskEvent task, String messageId) {
    CalendarCommand command = decision.command();
    boolean upsert = decision instanceof Decision.Upsert;
    Tally tally =
        Tally.sent(
            upsert ? HistoryAction.UPSERT_EVENT : HistoryAction.DELETE_EVENT,
            decision.reason().name());
    Mono<Void> link =
        upsert
            ? links.pushedUpsert(task, command.calendarId(), command.eventId())
            : links.pushedDelete(task);
    return publisher
        .send(command)
        .then(commandLog.sent(command, upsert, task.version()))
        .then(link)
        .then(history.record(entry(task, command, decision, tally, messageId)))
        .thenReturn(tally);
  }

  @Override
  public Direction direction() {
    return Direction.CRM_TO_GOOGLE;
  }

  /**
   * Sends a deletion of the task's event that the guard held, as {@link #execute} would have when
   * the task event arrived. Nothing when the link is no longer active (closed by a change of Google
   * account, or removed otherwise).
   */
  @Override
  public Mono<Tally> apply(HeldDeletion deletion) {
    TaskEvent task = task(deletion);
    Decision decision =
        new Decision.Delete(
            read(deletion.command(), DeleteEvent.class),
            DecisionReason.valueOf(deletion.reasonCode()));
    return links
        .find(deletion.userId(), deletion.taskId())
        .filter(LinkState::active)
        .flatMap(link -> send(decision, task, deletion.causationId()));
  }

  /**
   * The user keeps the event although its task was deleted or unscheduled: nothing is sent, and the
   * link is closed as if the event had been removed ({@code DELETED} by the task), so that the
   * event is neither updated nor deleted by CalSync any more. A later change of a task that is not
   * deleted links it again by the usual insert (which adopts the event).
   */
  @Override
  public Mono<Tally> keep(HeldDeletion deletion) {
    TaskEvent task = task(deletion);
    return links
        .find(deletion.userId(), deletion.taskId())
        .filter(LinkState::active)
        .flatMap(link -> links.pushedDelete(task).thenReturn(DELETION_KEPT));
  }

  /**
   * The user keeps a task whose event was deleted in Google (a held deletion): the link stays
   * active, and the event is re-created from the task's latest snapshot with an upsert without
   * {@code expectedEtag} for the link's event id, so that the connector's insert is answered 409
   * and it restores the cancelled event (adopt). Nothing when the task calls for no event now (not
   * connected, a mode that does not write to Google, the task deleted or unscheduled meanwhile).
   * Runs in the caller's transaction.
   *
   * @param seed the seed of the command id
   */
  @Override
  public Mono<Tally> restoreEvent(String userId, String taskId, String seed) {
    return connections
        .find(userId)
        .flatMap(
            connection ->
                taskStates
                    .find(userId, taskId)
                    .flatMap(
                        task ->
                            links
                                .find(userId, taskId)
                                .filter(LinkState::active)
                                .flatMap(
                                    link -> {
                                      // Known to be gone: no etag, no event to patch.
                                      LinkState gone =
                                          new LinkState(
                                              link.calendarId(),
                                              link.eventId(),
                                              null,
                                              true,
                                              link.taskVersion(),
                                              link.appliedTaskVersion(),
                                              null);
                                      Decision decision =
                                          CalendarCommandDecider.decide(
                                              task, connection, gone, seed);
                                      return decision instanceof Decision.Upsert
                                          ? send(decision, task, seed)
                                          : Mono.empty();
                                    })));
  }

  private static TaskEvent task(HeldDeletion deletion) {
    return deletion.snapshotKind() == HeldDeletion.SnapshotKind.TASK_DELETED
        ? read(deletion.snapshot(), TaskDeleted.class)
        : read(deletion.snapshot(), TaskUpdated.class);
  }

  private static <T> T read(String json, Class<T> type) {
    try {
      return JSON.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(
          "unreadable " + type.getSimpleName() + " of a held deletion", e);
    }
  }

  private Mono<Void> summary(String userId, String messageId, List<Tally> tallies) {
    if (tallies.isEmpty()) {
      return Mono.empty();
    }
    long sent = tallies.stream().filter(Tally::commandSent).count();
    long skipped = tallies.size() - sent;
    return history.record(
        new HistoryEntry(
            userId,
            Direction.CRM_TO_GOOGLE,
            HistoryAction.BACKFILL,
            HistoryOutcome.COMPLETED,
            null,
            null,
            sent + " task(s) not yet in sync sent to Google, " + skipped + " skipped",
            Map.of("commandsSent", sent, "skipped", skipped),
            messageId));
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

  private Mono<Optional<UserConnection>> optionalConnection(String userId) {
    return connections.find(userId).map(Optional::of).defaultIfEmpty(Optional.empty());
  }

  private Mono<Optional<LinkState>> optionalLink(TaskEvent task) {
    return links
        .find(task.userId(), task.taskId())
        .map(Optional::of)
        .defaultIfEmpty(Optional.empty());
  }

  /** Counts decisions; call after their transaction committed. */
  @Override
  public void count(Tally tally) {
    metrics.decision(Direction.CRM_TO_GOOGLE.name(), tally);
  }
}
