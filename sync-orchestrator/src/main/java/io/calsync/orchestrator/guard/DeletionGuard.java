package io.calsync.orchestrator.guard;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * What the handlers see of the mass-deletion guard: instead of sending a deletion they hand it to
 * {@link #hold}, and they leave a link alone while {@link #holds} says a deletion of it is open.
 * Everything runs in the handler's transaction. The sweeper ({@code DeletionSweeper}) later applies
 * or holds what waits; the user decides about what is held ({@code DeletionDecisions}).
 *
 * <p>Serialisation: a user's records are handled one after the other by one listener thread, but
 * the sweeper and the decision API run elsewhere, also on other instances. Every transaction that
 * reads or changes a user's deletions therefore first takes the user's transaction-scoped advisory
 * lock ({@link #lock}): the listener's handlers as their first statement (so that no handler waits
 * for the lock while holding row locks the sweeper needs), the sweeper and the decisions before
 * reading the deletions. The lock is released by commit or rollback.
 */
@Component
public class DeletionGuard {

  /** Reason code of a change left alone while a deletion of its link is open. */
  public static final String DELETION_HELD = "DELETION_HELD";

  /** For the history of such a change. */
  public static final String DELETION_HELD_TEXT =
      "a deletion of this link waits for the mass-deletion guard or your decision";

  /**
   * First key of the two-key advisory lock (the second is the user id's hash): keeps the guard's
   * locks apart from any other advisory lock in the database.
   */
  private static final int LOCK_SPACE = 0x43534447;

  private final DatabaseClient db;
  private final HeldDeletionRepository deletions;

  DeletionGuard(DatabaseClient db, HeldDeletionRepository deletions) {
    this.db = db;
    this.deletions = deletions;
  }

  /**
   * Takes the user's advisory lock for the rest of the caller's transaction (re-entrant). Outside a
   * transaction it would be released at once, so callers run it inside one.
   */
  public Mono<Void> lock(String userId) {
    return db.sql("SELECT pg_advisory_xact_lock(:space, hashtext(:userId))")
        .bind("space", LOCK_SPACE)
        .bind("userId", userId)
        .map(row -> 1)
        .all()
        .then();
  }

  /**
   * Takes over a deletion the caller would have sent: recorded as PENDING (or HELD when the user
   * has a hold open); nothing is sent now. A second deletion of the same link while one is open is
   * not recorded.
   */
  public Mono<Void> hold(HeldDeletion deletion) {
    return lock(deletion.userId()).then(deletions.insert(deletion)).then();
  }

  /** Whether a deletion of the task's link waits or is held; the caller leaves the link alone. */
  public Mono<Boolean> holds(String userId, String taskId) {
    return deletions.open(userId, taskId);
  }
}
