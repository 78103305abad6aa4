package io.calsync.platform.erasure;

import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Erases what a service stored about a user, in one transaction with the user's {@link ErasedUsers}
 * marker. The service says what its erase is (its own statements, each binding {@code :userId});
 * idempotent as long as they are: a redelivered tombstone changes nothing more and keeps the later
 * erase time. The user id is never logged: the point of the erase is that nothing names the user.
 */
public class UserDataErasure {

  private static final Logger log = LoggerFactory.getLogger(UserDataErasure.class);

  private final DatabaseClient db;
  private final ErasedUsers erasedUsers;
  private final TransactionalOperator transactional;

  public UserDataErasure(
      DatabaseClient db, ErasedUsers erasedUsers, TransactionalOperator transactional) {
    this.db = db;
    this.erasedUsers = erasedUsers;
    this.transactional = transactional;
  }

  /**
   * Deletes the user's rows from each of {@code tables} by its {@code user_id} column. Table names
   * must be the service's constants, never input.
   */
  public static List<String> deleteByUserId(List<String> tables) {
    return tables.stream()
        .map(table -> "DELETE FROM " + table + " WHERE user_id = :userId")
        .toList();
  }

  /**
   * Runs {@code statements} for {@code userId} in order, then marks the user as erased at {@code
   * erasedAt} (when token-service erased the user), all in one transaction.
   *
   * @return how many rows the statements changed
   */
  public Mono<Long> erase(String userId, Instant erasedAt, List<String> statements) {
    return Flux.fromIterable(statements)
        .concatMap(sql -> db.sql(sql).bind("userId", userId).fetch().rowsUpdated())
        .reduce(0L, Long::sum)
        .flatMap(rows -> erasedUsers.mark(userId, erasedAt).thenReturn(rows))
        .as(transactional::transactional)
        .doOnNext(rows -> log.info("Erased a user's data on a tombstone: {} rows changed", rows));
  }
}
