package io.calsync.task.erasure;

import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Erases what CalSync stored about a user in this database, in one transaction, and marks the user
 * as erased. The CRM's tasks stay with every field the CRM owns; only the calendar link columns
 * CalSync's task commands wrote are cleared (they are not part of any task event, so nothing is
 * published and the version does not move). Unpublished outbox rows stay: they are CRM changes
 * still to be delivered to every consumer of {@code crm.task-events}. Idempotent.
 */
@Component
class CalSyncDataErasure {

  private static final Logger log = LoggerFactory.getLogger(CalSyncDataErasure.class);

  private final DatabaseClient db;
  private final ErasedUsers erasedUsers;
  private final TransactionalOperator transactional;

  CalSyncDataErasure(
      DatabaseClient db, ErasedUsers erasedUsers, TransactionalOperator transactional) {
    this.db = db;
    this.erasedUsers = erasedUsers;
    this.transactional = transactional;
  }

  Mono<Void> erase(String userId, Instant erasedAt) {
    Mono<Long> links =
        update(
            "UPDATE task SET calendar_id = NULL, event_id = NULL, unlinked_reason = NULL"
                + " WHERE owner_user_id = :userId AND (calendar_id IS NOT NULL"
                + " OR event_id IS NOT NULL OR unlinked_reason IS NOT NULL)",
            userId);
    Mono<Long> inbox = update("DELETE FROM processed_command WHERE user_id = :userId", userId);
    Mono<Long> published =
        update(
            "DELETE FROM outbox WHERE aggregateid = :userId AND published_at IS NOT NULL", userId);
    return links
        .zipWith(inbox, Long::sum)
        .zipWith(published, Long::sum)
        .flatMap(rows -> erasedUsers.mark(userId, erasedAt).thenReturn(rows))
        .as(transactional::transactional)
        .doOnNext(rows -> log.info("Erased CalSync's data of a user: {} rows changed", rows))
        .then();
  }

  private Mono<Long> update(String sql, String userId) {
    return db.sql(sql).bind("userId", userId).fetch().rowsUpdated();
  }
}
