package io.calsync.orchestrator.messaging;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

/**
 * The idempotent-consumer check: records a message's {@code ce_id} in {@code processed_message}.
 * Called inside the transaction of the message's effect, so the id is recorded if and only if the
 * effect commits, and a redelivery finds it.
 *
 * <p>The row also names the user of the record (the Kafka key), taken from the Reactor context
 * ({@link #forUser}, written by the intake), so that erasing a user deletes their inbox rows too.
 */
@Component
public class Inbox {

  private final DatabaseClient db;

  Inbox(DatabaseClient db) {
    this.db = db;
  }

  private static final String USER_ID = Inbox.class.getName() + ".userId";

  /** The context that names the user of the record being handled. */
  public static Context forUser(String userId) {
    return userId == null ? Context.empty() : Context.of(USER_ID, userId);
  }

  /** True the first time {@code messageId} is seen, false for a redelivery. */
  public Mono<Boolean> firstDelivery(String messageId, String topic) {
    return Mono.deferContextual(
        context -> {
          var spec =
              db.sql(
                      "INSERT INTO processed_message (message_id, topic, user_id)"
                          + " VALUES (:id, :topic, :userId) ON CONFLICT (message_id) DO NOTHING")
                  .bind("id", messageId)
                  .bind("topic", topic);
          spec =
              context.hasKey(USER_ID)
                  ? spec.bind("userId", context.get(USER_ID))
                  : spec.bindNull("userId", String.class);
          return spec.fetch().rowsUpdated().map(rows -> rows == 1);
        });
  }
}
