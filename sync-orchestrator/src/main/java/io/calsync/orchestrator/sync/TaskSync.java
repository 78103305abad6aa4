package io.calsync.orchestrator.sync;

import io.calsync.contracts.Topics;
import io.calsync.contracts.calendar.CalendarCommand;
import io.calsync.contracts.task.TaskEvent;
import io.calsync.orchestrator.history.HistoryEntry;
import io.calsync.orchestrator.history.HistoryEntry.Direction;
import io.calsync.orchestrator.history.SyncHistory;
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
 */
@Component
class TaskSync {

  private static final Tally DUPLICATE = new Tally("NONE", "IGNORED", "DUPLICATE_MESSAGE");
  private static final Tally STALE = new Tally("NONE", "IGNORED", "STALE_VERSION");

  private final Inbox inbox;
  private final TaskStateRepository taskStates;
  private final UserConnectionRepository connections;
  private final LinkRepository links;
  private final CalendarCommandLog commandLog;
  private final CalendarCommandPublisher publisher;
  private final SyncHistory history;
  private final SyncMetrics metrics;
  private final TransactionalOperator transactional;

  TaskSync(
      Inbox inbox,
      TaskStateRepository taskStates,
      UserConnectionRepository connections,
      LinkRepository links,
      CalendarCommandLog commandLog,
      CalendarCommandPublisher publisher,
      SyncHistory history,
      SyncMetrics metrics,
      TransactionalOperator transactional) {
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
  Mono<Void> onTaskEvent(String messageId, TaskEvent task) {
    return inbox
        .firstDelivery(messageId, Topics.TASK_EVENTS)
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
   * Pushes the user's tasks that are not in sync (never pushed, or changed while the user was not
   * connected or not writing to Google), after a connect or a switch to a writing mode. Runs in the
   * caller's transaction; records one summary line plus one line per command, since the skips were
   * recorded when the task changed. The caller counts the returned tallies after its commit.
   *
   * @param messageId {@code ce_id} of the connection event, the seed of the command ids
   */
  Mono<List<Tally>> backfill(UserConnection connection, String messageId) {
    return taskStates
        .outOfSync(connection.userId())
        // Collect first: the connection must not be issuing new statements while it still streams
        // the rows of this one.
        .collectList()
        .flatMapMany(Flux::fromIterable)
        .concatMap(
            task ->
                optionalLink(task)
                    .flatMap(
                        link ->
                            execute(
                                CalendarCommandDecider.decide(
                                    task, connection, link.orElse(null), messageId),
                                task,
                                messageId,
                                false)))
        .collectList()
        .flatMap(tallies -> summary(connection.userId(), messageId, tallies).thenReturn(tallies));
  }

  private Mono<Tally> decideAndExecute(String messageId, TaskEvent task) {
    // One statement after the other: they share the transaction's connection.
    return optionalConnection(task.userId())
        .flatMap(
            connection ->
                optionalLink(task)
                    .flatMap(
                        link ->
                            execute(
                                CalendarCommandDecider.decide(
                                    task, connection.orElse(null), link.orElse(null), messageId),
                                task,
                                messageId,
                                true)));
  }

  private Mono<Tally> execute(
      Decision decision, TaskEvent task, String messageId, boolean recordSkip) {
    CalendarCommand command = decision.command();
    if (command == null) {
      Tally tally = new Tally("NONE", "SKIPPED", decision.reason().name());
      return recordSkip
          ? history.record(entry(task, null, decision, tally, messageId)).thenReturn(tally)
          : Mono.just(tally);
    }
    boolean upsert = decision instanceof Decision.Upsert;
    Tally tally =
        new Tally(
            upsert ? CommandKind.UPSERT_EVENT.name() : CommandKind.DELETE_EVENT.name(),
            "COMMAND_SENT",
            decision.reason().name());
    Mono<Void> link =
        upsert
            ? links.pushedUpsert(task, command.calendarId(), command.eventId())
            : links.pushedDelete(task);
    return publisher
        .send(command)
        .then(commandLog.sent(command))
        .then(link)
        .then(history.record(entry(task, command, decision, tally, messageId)))
        .thenReturn(tally);
  }

  private Mono<Void> summary(String userId, String messageId, List<Tally> tallies) {
    if (tallies.isEmpty()) {
      return Mono.empty();
    }
    long sent = tallies.stream().filter(tally -> "COMMAND_SENT".equals(tally.outcome())).count();
    long skipped = tallies.size() - sent;
    return history.record(
        new HistoryEntry(
            userId,
            Direction.CRM_TO_GOOGLE,
            "BACKFILL",
            "COMPLETED",
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
  void count(Tally tally) {
    metrics.decision(tally.action(), tally.outcome(), tally.reason());
  }

  /** A decision's metric tags. */
  record Tally(String action, String outcome, String reason) {}
}
