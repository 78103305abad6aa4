package io.calsync.orchestrator.effect;

import io.calsync.orchestrator.command.CalendarCommandLog;
import io.calsync.orchestrator.command.CalendarCommandPublisher;
import io.calsync.orchestrator.command.TaskCommandLog;
import io.calsync.orchestrator.command.TaskCommandPublisher;
import io.calsync.orchestrator.effect.Effects.CalendarSend;
import io.calsync.orchestrator.effect.Effects.Send;
import io.calsync.orchestrator.effect.Effects.TaskSend;
import io.calsync.orchestrator.guard.DeletionGuard;
import io.calsync.orchestrator.history.HistoryEntry.Direction;
import io.calsync.orchestrator.history.SyncHistory;
import io.calsync.orchestrator.link.LinkRepository;
import io.calsync.orchestrator.metrics.SyncMetrics;
import io.calsync.orchestrator.metrics.Tally;
import io.calsync.platform.inbox.Inbox;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Makes {@link Effects} happen, the one place that does for the task, event and result handlers.
 *
 * <p>{@link #handle} is the life of one record, in one R2DBC transaction: the user's advisory lock
 * first ({@link DeletionGuard#lock}: no handler waits for it while holding row locks the sweeper
 * needs), the inbox row ({@link Inbox#firstDelivery}), the handler's work (load state, decide), the
 * effects; and the metrics once the transaction committed, so a retried record counts once.
 *
 * <p>{@link #apply} carries out effects in the caller's transaction: links, then commands (each
 * sent and acknowledged by Kafka, then logged, before the commit: a crash in between redelivers the
 * record, which yields the same command ids again), deletions handed to the guard, history.
 */
@Component
public class EffectApplier {

  private final DeletionGuard guard;
  private final Inbox inbox;
  private final TransactionalOperator transactional;
  private final LinkRepository links;
  private final CalendarCommandPublisher calendarCommands;
  private final CalendarCommandLog calendarCommandLog;
  private final TaskCommandPublisher taskCommands;
  private final TaskCommandLog taskCommandLog;
  private final SyncHistory history;
  private final SyncMetrics metrics;

  EffectApplier(
      DeletionGuard guard,
      Inbox inbox,
      TransactionalOperator transactional,
      LinkRepository links,
      CalendarCommandPublisher calendarCommands,
      CalendarCommandLog calendarCommandLog,
      TaskCommandPublisher taskCommands,
      TaskCommandLog taskCommandLog,
      SyncHistory history,
      SyncMetrics metrics) {
    this.guard = guard;
    this.inbox = inbox;
    this.transactional = transactional;
    this.links = links;
    this.calendarCommands = calendarCommands;
    this.calendarCommandLog = calendarCommandLog;
    this.taskCommands = taskCommands;
    this.taskCommandLog = taskCommandLog;
    this.history = history;
    this.metrics = metrics;
  }

  /**
   * Handles one record: {@code work} runs only on its first delivery, a redelivery has the effects
   * {@link Delivery#duplicate}.
   */
  public Mono<Void> handle(Delivery delivery, Supplier<Mono<Effects>> work) {
    return guard
        .lock(delivery.userId())
        .then(inbox.firstDelivery(delivery.messageId(), delivery.topic(), delivery.userId()))
        .flatMap(first -> first ? Mono.defer(work) : Mono.just(delivery.duplicate()))
        .flatMap(effects -> apply(effects).thenReturn(effects))
        .as(transactional::transactional)
        .doOnNext(effects -> count(delivery.direction(), effects))
        .then();
  }

  /**
   * Carries out {@code effects} in the caller's transaction; returns their tallies, which the
   * caller counts once it committed.
   */
  public Mono<List<Tally>> apply(Effects effects) {
    Mono<Void> superseded =
        effects.commandsSupersededOf() == null
            ? Mono.empty()
            : calendarCommandLog.supersede(effects.commandsSupersededOf());
    // One statement after the other: they share the transaction's connection.
    return superseded
        .then(Flux.fromIterable(effects.closedLinks()).concatMap(links::delete).then())
        .then(Flux.fromIterable(effects.links()).concatMap(links::save).then())
        .then(Flux.fromIterable(effects.sends()).concatMap(this::send).then())
        .then(Flux.fromIterable(effects.deletions()).concatMap(guard::hold).then())
        .then(Flux.fromIterable(effects.history()).concatMap(history::record).then())
        .thenReturn(effects.tallies());
  }

  private Mono<Void> send(Send send) {
    if (send instanceof CalendarSend calendar) {
      return calendarCommands
          .send(calendar.command())
          .then(
              calendarCommandLog.sent(
                  calendar.command(), calendar.plainPush(), calendar.taskVersion()));
    }
    TaskSend task = (TaskSend) send;
    return taskCommands
        .send(task.command())
        .then(taskCommandLog.sent(task.command(), task.taskId()));
  }

  private void count(Direction direction, Effects effects) {
    if (effects.result() != null) {
      metrics.result(effects.result().name());
    }
    effects.tallies().forEach(tally -> metrics.decision(direction.name(), tally));
  }

  /**
   * A record to handle.
   *
   * @param messageId its {@code ce_id}
   * @param topic where it came from, for the inbox
   * @param userId its key, whose lock the handling takes
   * @param direction the direction its decisions are counted in
   * @param duplicate what a redelivery does (e.g. count a duplicate)
   */
  public record Delivery(
      String messageId, String topic, String userId, Direction direction, Effects duplicate) {}
}
