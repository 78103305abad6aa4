package io.calsync.orchestrator.guard;

import io.calsync.orchestrator.guard.HeldDeletion.State;
import io.calsync.orchestrator.history.HistoryAction;
import io.calsync.orchestrator.history.HistoryEntry;
import io.calsync.orchestrator.history.HistoryEntry.Direction;
import io.calsync.orchestrator.history.HistoryOutcome;
import io.calsync.orchestrator.history.SyncHistory;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Every {@code calsync.deletion-guard.sweep-interval}: for each user with waiting deletions, in one
 * transaction under the user's lock, asks {@link BurstRule} and then applies them all (through the
 * handlers' own code), holds them all (one history entry), or lets them wait. Runs on every
 * instance; the lock and the state checks make a second sweeper of the same user a no-op.
 */
@Component
class DeletionSweeper {

  private static final Logger log = LoggerFactory.getLogger(DeletionSweeper.class);

  private final DeletionGuard guard;
  private final HeldDeletionRepository deletions;
  private final HeldDeletions held;
  private final SyncHistory history;
  private final DeletionGuardMetrics metrics;
  private final DeletionGuardProperties properties;
  private final TransactionalOperator transactional;

  DeletionSweeper(
      DeletionGuard guard,
      HeldDeletionRepository deletions,
      HeldDeletions held,
      SyncHistory history,
      DeletionGuardMetrics metrics,
      DeletionGuardProperties properties,
      TransactionalOperator transactional) {
    this.guard = guard;
    this.deletions = deletions;
    this.held = held;
    this.history = history;
    this.metrics = metrics;
    this.properties = properties;
    this.transactional = transactional;
  }

  @Scheduled(
      fixedDelayString = "${calsync.deletion-guard.sweep-interval:1s}",
      initialDelayString = "${calsync.deletion-guard.sweep-interval:1s}")
  Mono<Void> sweep() {
    return deletions
        .usersWaiting()
        .flatMapMany(Flux::fromIterable)
        .concatMap(
            userId ->
                sweep(userId)
                    // One user's failure (e.g. Kafka away while sending) leaves their deletions
                    // waiting for the next sweep; the other users' go on.
                    .onErrorResume(
                        error -> {
                          log.warn("deletion sweep of a user failed; retried next sweep", error);
                          return Mono.empty();
                        }))
        .then(deletions.heldTotal().doOnNext(metrics::held))
        .onErrorResume(
            error -> {
              log.warn("deletion sweep failed; retried next sweep", error);
              return Mono.empty();
            })
        .then();
  }

  /** One user's waiting deletions, in one transaction; metrics after the commit. */
  private Mono<Void> sweep(String userId) {
    return guard
        .lock(userId)
        .then(deletions.burst(userId, properties.window()))
        .flatMap(
            burst ->
                switch (BurstRule.decide(burst, properties)) {
                  case WAIT -> Mono.<Runnable>empty();
                  case APPLY ->
                      deletions
                          .inState(userId, State.PENDING)
                          .flatMap(held::apply)
                          .map(done -> (Runnable) () -> held.count(done));
                  case HOLD -> hold(userId, burst);
                })
        .as(transactional::transactional)
        .doOnNext(Runnable::run)
        .then();
  }

  private Mono<Runnable> hold(String userId, BurstRule.Burst burst) {
    return deletions
        .holdWaiting(userId)
        .flatMap(
            count -> {
              if (burst.holdOpen() || count == 0) {
                // They join the hold the user has not decided yet: one entry per hold.
                return Mono.just((Runnable) () -> {});
              }
              int fromGoogle = burst.waitingFromGoogle();
              long fromCrm = count - fromGoogle;
              return history
                  .record(
                      new HistoryEntry(
                          userId,
                          fromGoogle > fromCrm ? Direction.GOOGLE_TO_CRM : Direction.CRM_TO_GOOGLE,
                          HistoryAction.HOLD_DELETIONS,
                          HistoryOutcome.HELD,
                          null,
                          null,
                          count
                              + " deletions held for your decision ("
                              + fromGoogle
                              + " events deleted in Google Calendar, "
                              + fromCrm
                              + " tasks deleted or unscheduled in the CRM): nothing is deleted"
                              + " until you apply or keep them on the settings page",
                          Map.of(
                              "reasonCode",
                              "MASS_DELETION",
                              "held",
                              count,
                              "fromGoogle",
                              fromGoogle,
                              "fromCrm",
                              fromCrm,
                              "activeLinks",
                              burst.activeLinks()),
                          null))
                  .thenReturn((Runnable) metrics::holdStarted);
            });
  }
}
