package io.calsync.connector.commands;

import io.calsync.contracts.Topics;
import io.calsync.contracts.calendar.CalendarCommand;
import io.calsync.contracts.calendar.CommandFailed;
import io.calsync.contracts.calendar.CommandResult;
import io.calsync.platform.inbox.Inbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * The idempotent consumer of calendar commands, with parking for users whose connection is lost and
 * for outages that outlast the Google and token-service retries.
 *
 * <p>Order of a command: (1) already in the {@link Inbox} → re-publish the stored result, no Google
 * call; (2) the user has parked commands → park it behind them; (3) execute; a lost connection or a
 * transient failure after all retries parks it (no result is published); (4) publish the current
 * event after a conflict, record a final result in the {@link Inbox}, publish the result. The
 * result is recorded before it is published, so a crash in between re-publishes the stored result
 * on redelivery instead of writing to Google twice.
 */
@Component
class CommandHandler {

  /** Where the command being run comes from: it decides how a failure parks it. */
  private enum Origin {
    /** Just arrived from Kafka: a failure parks it behind the user's others. */
    ARRIVED,
    /** The outage timer's re-drive of the user's oldest parked command. */
    OUTAGE_REDRIVE,
    /** A reconnect resuming the user's queue, whatever it waited for. */
    RECONNECT
  }

  enum Outcome {
    /** A result was published. */
    DONE,
    /** The command waits in {@code parked_command}. */
    PARKED
  }

  private static final Logger log = LoggerFactory.getLogger(CommandHandler.class);

  private final Inbox inbox;
  private final ParkedCommands parked;
  private final CommandExecutor executor;
  private final ResultPublisher publisher;
  private final TransactionalOperator transaction;

  CommandHandler(
      Inbox inbox,
      ParkedCommands parked,
      CommandExecutor executor,
      ResultPublisher publisher,
      TransactionalOperator transaction) {
    this.inbox = inbox;
    this.parked = parked;
    this.executor = executor;
    this.publisher = publisher;
    this.transaction = transaction;
  }

  /** A command as it arrives from Kafka. */
  Mono<Outcome> handle(CalendarCommand command) {
    return republishIfProcessed(command)
        .switchIfEmpty(
            Mono.defer(
                () ->
                    parkBehindOthers(command)
                        .flatMap(
                            parkedNow ->
                                parkedNow
                                    ? Mono.just(Outcome.PARKED)
                                    : run(command, Origin.ARRIVED))));
  }

  /**
   * Applies the user's oldest parked command, if any. Answers whether one was applied (and
   * removed); false when none is left or it had to stay parked (connection still lost, outage not
   * over: the user's queue then waits for that reason).
   *
   * @param onlyAfterOutage apply it only when the user's queue waits for the end of an outage (the
   *     outage re-drive must leave lost connections to the reconnect)
   */
  Mono<Boolean> applyNextParked(String userId, boolean onlyAfterOutage) {
    return transaction
        .transactional(parked.lockUser(userId).then(parked.first(userId)))
        .filter(next -> !onlyAfterOutage || next.reason() == ParkReason.OUTAGE)
        .flatMap(
            next ->
                republishIfProcessed(next.command())
                    .switchIfEmpty(
                        Mono.defer(
                            () ->
                                run(
                                    next.command(),
                                    onlyAfterOutage ? Origin.OUTAGE_REDRIVE : Origin.RECONNECT)))
                    .flatMap(
                        outcome ->
                            outcome == Outcome.DONE
                                ? parked.remove(next.sequence()).thenReturn(true)
                                : Mono.just(false)))
        .defaultIfEmpty(false);
  }

  /** The user's connection is lost: their parked commands wait for a reconnect, not an outage. */
  Mono<Long> connectionLost(String userId) {
    return transaction.transactional(
        parked.lockUser(userId).then(parked.markUser(userId, ParkReason.CONNECTION_LOST)));
  }

  /** Drops the user's parked commands (the user revoked access). */
  Mono<Long> dropParked(String userId) {
    return parked.dropAll(userId);
  }

  private Mono<Outcome> republishIfProcessed(CalendarCommand command) {
    return inbox
        .resultOf(command.commandId())
        .cast(CommandResult.class)
        .flatMap(
            result -> {
              log.info(
                  "Command {} of user {} was already processed; re-publishing its result",
                  command.commandId(),
                  command.userId());
              return publisher.publishResult(result).thenReturn(Outcome.DONE);
            });
  }

  private Mono<Boolean> parkBehindOthers(CalendarCommand command) {
    return transaction.transactional(
        parked
            .lockUser(command.userId())
            .then(parked.anyFor(command.userId()))
            .flatMap(
                waiting ->
                    waiting
                        // The reason is the queue's: the oldest command decides what they wait for.
                        ? parked.park(command, ParkReason.CONNECTION_LOST).thenReturn(true)
                        : Mono.just(false)));
  }

  private Mono<Outcome> run(CalendarCommand command, Origin origin) {
    return executor
        .execute(command)
        .flatMap(
            execution -> {
              if (execution.parks()) {
                return park(command, execution, origin).thenReturn(Outcome.PARKED);
              }
              Mono<Void> change =
                  execution.currentEvent() == null
                      ? Mono.empty()
                      : publisher.publishChange(execution.currentEvent());
              Mono<Void> record =
                  execution.finalOutcome()
                      ? inbox.recordResult(
                          command.commandId(),
                          Topics.CALENDAR_COMMANDS,
                          command.userId(),
                          execution.result())
                      : Mono.empty();
              log.info(
                  "Command {} of user {} on event {}: {}",
                  command.commandId(),
                  command.userId(),
                  command.eventId(),
                  execution.result());
              return change
                  .then(record)
                  .then(publisher.publishResult(execution.result()))
                  .thenReturn(Outcome.DONE);
            });
  }

  private Mono<Void> park(CalendarCommand command, Execution execution, Origin origin) {
    ParkReason reason = execution.parkReason();
    if (reason == ParkReason.CONNECTION_LOST) {
      log.info(
          "Connection of user {} is lost; command {} waits for a reconnect",
          command.userId(),
          command.commandId());
    } else {
      log.warn(
          "Command {} of user {} still failed after all retries ({}); it waits for the next"
              + " outage re-drive",
          command.commandId(),
          command.userId(),
          execution.result() instanceof CommandFailed failed ? failed.reason() : "outage");
    }
    if (origin == Origin.OUTAGE_REDRIVE && reason == ParkReason.OUTAGE) {
      // The queue waited for the outage and still does, unless the connection was lost while this
      // re-drive ran (its retries take seconds): that loss must win, or the timer would keep
      // re-driving a lost connection. Nothing new to write.
      return Mono.empty();
    }
    Mono<?> parking =
        origin == Origin.ARRIVED
            ? parked.park(command, reason)
            : parked.markUser(command.userId(), reason);
    return transaction.transactional(parked.lockUser(command.userId()).then(parking)).then();
  }
}
