package io.calsync.orchestrator.guard;

import io.calsync.orchestrator.guard.HeldDeletion.State;
import io.calsync.orchestrator.guard.HeldDeletions.Done;
import io.calsync.orchestrator.history.HistoryAction;
import io.calsync.orchestrator.history.HistoryEntry;
import io.calsync.orchestrator.history.HistoryEntry.Direction;
import io.calsync.orchestrator.history.HistoryOutcome;
import io.calsync.orchestrator.history.SyncHistory;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * The user's decision about their held deletions, in one transaction under the user's lock: {@code
 * APPLY} performs exactly the held deletions through the handlers' own code; {@code KEEP} deletes
 * nothing on either side. One history entry per decision. Idempotent: once decided, nothing is
 * held, and a second decision changes nothing.
 */
@Component
class DeletionDecisions {

  /** What the user decided. */
  enum Decision {
    APPLY,
    KEEP
  }

  /**
   * What a decision did.
   *
   * @param held how many deletions were held when it was taken
   * @param applied deletions sent (APPLY)
   * @param dropped held deletions with nothing left to delete (APPLY; their link was closed)
   * @param kept deletions not carried out (KEEP)
   * @param restored events re-created in Google from their task (KEEP of events deleted there)
   */
  record Result(Decision decision, int held, int applied, int dropped, int kept, int restored) {}

  private final DeletionGuard guard;
  private final HeldDeletionRepository deletions;
  private final HeldDeletions held;
  private final SyncHistory history;
  private final DeletionGuardMetrics metrics;
  private final TransactionalOperator transactional;

  DeletionDecisions(
      DeletionGuard guard,
      HeldDeletionRepository deletions,
      HeldDeletions held,
      SyncHistory history,
      DeletionGuardMetrics metrics,
      TransactionalOperator transactional) {
    this.guard = guard;
    this.deletions = deletions;
    this.held = held;
    this.history = history;
    this.metrics = metrics;
    this.transactional = transactional;
  }

  Mono<Result> decide(String userId, Decision decision) {
    return guard
        .lock(userId)
        .then(deletions.inState(userId, State.HELD))
        .flatMap(
            batch -> {
              if (batch.isEmpty()) {
                return Mono.just(List.<Done>of());
              }
              Mono<List<Done>> done =
                  decision == Decision.APPLY ? held.apply(batch) : held.keep(batch);
              return done.flatMap(
                  items -> history.record(entry(userId, decision, items)).thenReturn(items));
            })
        .as(transactional::transactional)
        .doOnNext(
            items -> {
              held.count(items);
              if (!items.isEmpty()) {
                metrics.decided(decision.name());
              }
            })
        .flatMap(
            items ->
                deletions.heldTotal().doOnNext(metrics::held).thenReturn(result(decision, items)));
  }

  private static Result result(Decision decision, List<Done> items) {
    int applied = count(items, State.APPLIED);
    int dropped = count(items, State.DROPPED);
    int kept = count(items, State.KEPT);
    int restored = decision == Decision.KEEP ? (int) items.stream().filter(Done::sent).count() : 0;
    return new Result(decision, items.size(), applied, dropped, kept, restored);
  }

  private static int count(List<Done> items, State state) {
    return (int) items.stream().filter(item -> item.state() == state).count();
  }

  private static HistoryEntry entry(String userId, Decision decision, List<Done> items) {
    Result result = result(decision, items);
    long fromGoogle =
        items.stream()
            .filter(item -> item.deletion().direction() == Direction.GOOGLE_TO_CRM)
            .count();
    Map<String, Object> detail = new HashMap<>();
    detail.put("reasonCode", decision == Decision.APPLY ? "DELETIONS_APPLIED" : "DELETIONS_KEPT");
    detail.put("held", result.held());
    detail.put("applied", result.applied());
    detail.put("dropped", result.dropped());
    detail.put("kept", result.kept());
    detail.put("restored", result.restored());
    detail.put("taskIds", items.stream().map(item -> item.deletion().taskId()).toList());
    String reason =
        decision == Decision.APPLY
            ? "you applied " + result.applied() + " held deletions"
            : "you kept everything: "
                + result.kept()
                + " held deletions were not carried out ("
                + result.restored()
                + " events restored in Google Calendar)";
    return new HistoryEntry(
        userId,
        fromGoogle * 2 > items.size() ? Direction.GOOGLE_TO_CRM : Direction.CRM_TO_GOOGLE,
        decision == Decision.APPLY ? HistoryAction.APPLY_DELETIONS : HistoryAction.KEEP_DELETIONS,
        decision == Decision.APPLY ? HistoryOutcome.COMPLETED : HistoryOutcome.KEPT,
        null,
        null,
        reason,
        detail,
        null);
  }
}
