package io.calsync.orchestrator.guard;

import io.calsync.orchestrator.guard.HeldDeletion.State;
import io.calsync.orchestrator.history.HistoryEntry.Direction;
import io.calsync.orchestrator.metrics.SyncMetrics;
import io.calsync.orchestrator.metrics.Tally;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Applies or keeps a user's deletions through the {@link HeldDeletionApplier} of their direction,
 * in the caller's transaction (which holds the user's lock), and closes each with its outcome.
 */
@Component
class HeldDeletions {

  private final Map<Direction, HeldDeletionApplier> appliers = new EnumMap<>(Direction.class);
  private final HeldDeletionRepository deletions;
  private final SyncMetrics metrics;

  HeldDeletions(
      List<HeldDeletionApplier> appliers, HeldDeletionRepository deletions, SyncMetrics metrics) {
    appliers.forEach(applier -> this.appliers.put(applier.direction(), applier));
    if (this.appliers.size() != Direction.values().length) {
      throw new IllegalStateException("one HeldDeletionApplier per direction needed");
    }
    this.deletions = deletions;
    this.metrics = metrics;
  }

  /** Applies each deletion; those with nothing left to delete are dropped. */
  Mono<List<Done>> apply(List<HeldDeletion> batch) {
    return Flux.fromIterable(batch)
        .concatMap(
            deletion ->
                appliers
                    .get(deletion.direction())
                    .apply(deletion)
                    .map(tally -> new Done(deletion, State.APPLIED, tally))
                    .defaultIfEmpty(new Done(deletion, State.DROPPED, null))
                    .flatMap(
                        done -> deletions.decided(deletion.id(), done.state()).thenReturn(done)))
        .collectList();
  }

  /** Keeps both sides of each deletion. */
  Mono<List<Done>> keep(List<HeldDeletion> batch) {
    return Flux.fromIterable(batch)
        .concatMap(
            deletion ->
                appliers
                    .get(deletion.direction())
                    .keep(deletion)
                    .map(tally -> new Done(deletion, State.KEPT, tally))
                    .defaultIfEmpty(new Done(deletion, State.KEPT, null))
                    .flatMap(
                        done -> deletions.decided(deletion.id(), done.state()).thenReturn(done)))
        .collectList();
  }

  /** Counts what was sent; call after the transaction committed. */
  void count(List<Done> done) {
    for (Done item : done) {
      if (item.tally() != null) {
        Tally tally = item.tally();
        metrics.decision(item.deletion().direction().name(), tally);
      }
    }
  }

  /**
   * What became of one deletion.
   *
   * @param tally nullable: the decision the applier made (e.g. the command sent)
   */
  record Done(HeldDeletion deletion, State state, Tally tally) {

    boolean sent() {
      return tally != null && tally.commandSent();
    }
  }
}
