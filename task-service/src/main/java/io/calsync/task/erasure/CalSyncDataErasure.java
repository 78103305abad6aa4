package io.calsync.task.erasure;

import io.calsync.platform.erasure.UserDataErasure;
import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * What task-service's erase changes: what CalSync stored about a user in this database, in one
 * transaction with the erase marker (service-starter's {@link UserDataErasure}). The CRM's tasks
 * stay with every field the CRM owns; only the calendar link columns CalSync's task commands wrote
 * are cleared (they are not part of any task event, so nothing is published and the version does
 * not move). Unpublished outbox rows stay: they are CRM changes still to be delivered to every
 * consumer of {@code crm.task-events}. Idempotent.
 */
@Component
class CalSyncDataErasure {

  private static final List<String> STATEMENTS =
      List.of(
          "UPDATE task SET calendar_id = NULL, event_id = NULL, unlinked_reason = NULL"
              + " WHERE owner_user_id = :userId AND (calendar_id IS NOT NULL"
              + " OR event_id IS NOT NULL OR unlinked_reason IS NOT NULL)",
          "DELETE FROM processed_message WHERE user_id = :userId",
          "DELETE FROM outbox WHERE aggregateid = :userId AND published_at IS NOT NULL");

  private final UserDataErasure erasure;

  CalSyncDataErasure(UserDataErasure erasure) {
    this.erasure = erasure;
  }

  Mono<Void> erase(String userId, Instant erasedAt) {
    return erasure.erase(userId, erasedAt, STATEMENTS).then();
  }
}
