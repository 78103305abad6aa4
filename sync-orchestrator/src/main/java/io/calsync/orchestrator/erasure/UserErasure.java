package io.calsync.orchestrator.erasure;

import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Deletes everything this service stored about a user, in one transaction, and marks the user as
 * erased ({@link ErasedUsers}). Idempotent: a redelivered tombstone deletes nothing more and keeps
 * the later erase time.
 */
@Component
public class UserErasure {

  /**
   * Every table that holds rows of a user, by its {@code user_id} column. {@code UserErasureIT}
   * fails when a table with a user column is neither here nor in its list of exceptions.
   */
  public static final List<String> TABLES =
      List.of(
          "link",
          "task_state",
          "user_settings",
          "calendar_command",
          "task_command",
          "sync_history",
          "processed_message",
          "held_deletion");

  private static final Logger log = LoggerFactory.getLogger(UserErasure.class);

  private final DatabaseClient db;
  private final ErasedUsers erasedUsers;
  private final TransactionalOperator transactional;

  UserErasure(DatabaseClient db, ErasedUsers erasedUsers, TransactionalOperator transactional) {
    this.db = db;
    this.erasedUsers = erasedUsers;
    this.transactional = transactional;
  }

  /** Erases {@code userId}; {@code erasedAt} is when token-service erased the user. */
  public Mono<Void> erase(String userId, Instant erasedAt) {
    return Flux.fromIterable(TABLES)
        .concatMap(
            // Table names come from the constant above, never from input.
            table ->
                db.sql("DELETE FROM " + table + " WHERE user_id = :userId")
                    .bind("userId", userId)
                    .fetch()
                    .rowsUpdated())
        .reduce(0L, Long::sum)
        .flatMap(rows -> erasedUsers.mark(userId, erasedAt).thenReturn(rows))
        .as(transactional::transactional)
        // The user id is not logged: the point of the erase is that nothing names the user.
        .doOnNext(rows -> log.info("Erased a user on a tombstone: {} rows deleted", rows))
        .then();
  }
}
