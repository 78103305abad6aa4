package io.calsync.connector.commands;

import io.calsync.contracts.calendar.CalendarCommand;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * The idempotent consumer of calendar commands, with parking for users whose connection is lost.
 *
 * <p>Order of a command: (1) already in {@code processed_command} → re-publish the stored result,
 * no Google call; (2) the user has parked commands → park it behind them; (3) execute; a lost
 * connection parks it; (4) publish the current event after a conflict, record a final result in
 * {@code processed_command}, publish the result. The result is recorded before it is published, so
 * a crash in between re-publishes the stored result on redelivery instead of writing to Google
 * twice.
 */
@Component
class CommandHandler {

  enum Outcome {
    /** A result was published. */
    DONE,
    /** The command waits in {@code parked_command}. */
    PARKED
  }

  private static final Logger log = LoggerFactory.getLogger(CommandHandler.class);

  private final ProcessedCommands processed;
  private final ParkedCommands parked;
  private final CommandExecutor executor;
  private final ResultPublisher publisher;
  private final TransactionalOperator transaction;

  CommandHandler(
      ProcessedCommands processed,
      ParkedCommands parked,
      CommandExecutor executor,
      ResultPublisher publisher,
      TransactionalOperator transaction) {
    this.processed = processed;
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
                                parkedNow ? Mono.just(Outcome.PARKED) : run(command, false))));
  }

  /**
   * Applies the user's oldest parked command, if any. Answers whether one was applied (and
   * removed); false when none is left or the connection is still lost.
   */
  Mono<Boolean> applyNextParked(String userId) {
    return transaction
        .transactional(parked.lockUser(userId).then(parked.first(userId)))
        .flatMap(
            next ->
                republishIfProcessed(next.command())
                    .switchIfEmpty(Mono.defer(() -> run(next.command(), true)))
                    .flatMap(
                        outcome ->
                            outcome == Outcome.DONE
                                ? parked.remove(next.sequence()).thenReturn(true)
                                : Mono.just(false)))
        .defaultIfEmpty(false);
  }

  /** Drops the user's parked commands (the user revoked access). */
  Mono<Long> dropParked(String userId) {
    return parked.dropAll(userId);
  }

  private Mono<Outcome> republishIfProcessed(CalendarCommand command) {
    return processed
        .find(command.commandId())
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
                waiting -> waiting ? parked.park(command).thenReturn(true) : Mono.just(false)));
  }

  private Mono<Outcome> run(CalendarCommand command, boolean alreadyParked) {
    return executor
        .execute(command)
        .flatMap(
            execution -> {
              if (execution.connectionLost()) {
                log.info(
                    "Connection of user {} is lost; command {} waits for a reconnect",
                    command.userId(),
                    command.commandId());
                return alreadyParked
                    ? Mono.just(Outcome.PARKED)
                    : transaction
                        .transactional(parked.lockUser(command.userId()).then(parked.park(command)))
                        .thenReturn(Outcome.PARKED);
              }
              Mono<Void> change =
                  execution.currentEvent() == null
                      ? Mono.empty()
                      : publisher.publishChange(execution.currentEvent());
              Mono<Void> record =
                  execution.finalOutcome()
                      ? processed.record(command.userId(), execution.result())
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
}
