package io.calsync.orchestrator.guard;

import io.calsync.orchestrator.history.HistoryEntry.Direction;
import io.calsync.orchestrator.metrics.Tally;
import reactor.core.publisher.Mono;

/**
 * Carries out, or undoes, the deletions of one {@link #direction}: implemented by the handler that
 * handed them to the guard, so that applying a deletion runs that handler's own code (send the
 * command, log it, change the link, record the history). Both run in the caller's transaction,
 * which holds the user's lock.
 */
public interface HeldDeletionApplier {

  Direction direction();

  /**
   * Performs the deletion as the handler would have when it arrived. Empty when there is nothing
   * left to delete (the link was closed meanwhile, e.g. by a change of Google account): nothing is
   * sent.
   */
  Mono<Tally> apply(HeldDeletion deletion);

  /**
   * The user keeps both sides: nothing is deleted anywhere. Returns the tally of what was done
   * (e.g. the event restored in Google).
   */
  Mono<Tally> keep(HeldDeletion deletion);
}
