package io.calsync.token.erasure;

import io.calsync.contracts.Topics;
import io.calsync.platform.outbox.OutboxWriter;
import java.time.Clock;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Deletes every row token-service holds about a user and appends the user's tombstone to the
 * outbox, in one transaction: the tombstone goes out if and only if the rows are gone. The
 * tombstone row is itself deleted once the relay published it.
 */
@Component
class UserDataErasure {

  /**
   * Every table with rows of a user, and the column naming the user. {@code ErasureIT} fails when a
   * table with a user column is missing here.
   */
  static final List<Table> TABLES =
      List.of(
          new Table("google_connection", "user_id"),
          new Table("sync_settings", "user_id"),
          new Table("oauth_state", "user_id"),
          // Connection events of the user, published or not: the tombstone supersedes them all on
          // the compacted topic.
          new Table("outbox", "aggregateid"));

  record Table(String name, String userColumn) {}

  private final DatabaseClient db;
  private final OutboxWriter outbox;
  private final TransactionalOperator transaction;
  private final Clock clock;

  UserDataErasure(
      DatabaseClient db, OutboxWriter outbox, TransactionalOperator transaction, Clock clock) {
    this.db = db;
    this.outbox = outbox;
    this.transaction = transaction;
    this.clock = clock;
  }

  Mono<Void> erase(String userId) {
    return transaction.transactional(
        Flux.fromIterable(TABLES)
            .concatMap(
                // Names come from the constant above, never from input.
                table ->
                    db.sql(
                            "DELETE FROM "
                                + table.name()
                                + " WHERE "
                                + table.userColumn()
                                + " = :userId")
                        .bind("userId", userId)
                        .fetch()
                        .rowsUpdated())
            .then(outbox.appendTombstone(Topics.CONNECTION_EVENTS, userId, clock.instant()))
            .then());
  }
}
