package io.calsync.orchestrator.connection;

import io.calsync.orchestrator.metrics.Tally;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * The CRM → Google catch-up that a connect, or a switch to a mode that writes to Google, sets off.
 * An interface so that this package does not depend on the one that pushes tasks to Google.
 */
public interface CatchUp {

  /**
   * Pushes the user's tasks that are not in Google yet, in the caller's transaction.
   *
   * @param messageId {@code ce_id} of the connection event, the seed of the command ids
   * @return the decisions' tallies, to be counted after the commit
   */
  Mono<List<Tally>> backfill(UserConnection connection, String messageId);

  /**
   * The user connected another Google account: closes the links to the previous account's calendar,
   * in the caller's transaction, and records each of them in the history. Nothing is sent to the
   * previous calendar; the catch-up that follows pushes the tasks to the new one.
   *
   * @param messageId {@code ce_id} of the connection event
   * @return the tallies, to be counted after the commit
   */
  Mono<List<Tally>> accountChanged(UserConnection connection, String messageId);

  /** Counts a decision; call after its transaction committed. */
  void count(Tally tally);
}
