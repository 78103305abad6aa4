package io.calsync.orchestrator.messaging;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The idempotent-consumer check: records a message's {@code ce_id} in {@code processed_message}.
 * Called inside the transaction of the message's effect, so the id is recorded if and only if the
 * effect commits, and a redelivery finds it.
 */
@Component
public class Inbox {

  private final DatabaseClient db;

  Inbox(DatabaseClient db) {
    this.db = db;
  }

  /** True the first time {@code messageId} is seen, false for a redelivery. */
  public Mono<Boolean> firstDelivery(String messageId, String topic) {
    return db.sql(
            "INSERT INTO processed_message (message_id, topic) VALUES (:id, :topic)"
                + " ON CONFLICT (message_id) DO NOTHING")
        .bind("id", messageId)
        .bind("topic", topic)
        .fetch()
        .rowsUpdated()
        .map(rows -> rows == 1);
  }
}
