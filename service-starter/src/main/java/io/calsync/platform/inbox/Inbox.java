package io.calsync.platform.inbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.calsync.contracts.ContractJson;
import io.calsync.contracts.ContractMessage;
import io.calsync.contracts.ContractViolationException;
import io.calsync.contracts.EventType;
import io.calsync.contracts.EventTypes;
import io.r2dbc.postgresql.codec.Json;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.transaction.NoTransactionException;
import org.springframework.transaction.reactive.TransactionSynchronizationManager;
import reactor.core.publisher.Mono;

/**
 * The idempotent consumer's memory: the ids of the messages whose effect is committed, in {@code
 * processed_message}, so that a redelivered message has no second effect.
 *
 * <p>Two ways to use it. A consumer whose effect is a database change calls {@link #firstDelivery}
 * inside the transaction of that change: the id is recorded if and only if the effect commits, and
 * a concurrent transaction claiming the same id waits on the primary key until this one ends, so
 * exactly one of them applies it. A consumer whose effect is outside the database (a call to
 * Google) records the message's final result after the effect ({@link #recordResult}) and answers a
 * redelivery with it ({@link #resultOf}) instead of repeating the effect.
 *
 * <p>Each row names the user of the message, so erasing a user can delete their rows; rows expire
 * after {@code calsync.inbox.retention} ({@link InboxMaintenance}).
 */
public class Inbox {

  private final DatabaseClient db;
  private final ObjectMapper json = ContractJson.newMapper();

  Inbox(DatabaseClient db) {
    this.db = db;
  }

  /**
   * Records {@code messageId}; true the first time, false for a redelivery. Refuses to run outside
   * a transaction: the record belongs to the transaction of the message's effect.
   *
   * @param topic where the message came from (for inspection)
   * @param userId the user the message is about (the Kafka key), or null when it names none
   */
  public Mono<Boolean> firstDelivery(String messageId, String topic, String userId) {
    Mono<Boolean> claim =
        insert(
                "INSERT INTO processed_message (message_id, topic, user_id)"
                    + " VALUES (:id, :topic, :userId) ON CONFLICT (message_id) DO NOTHING",
                messageId,
                topic,
                userId)
            .fetch()
            .rowsUpdated()
            .map(rows -> rows == 1);
    return TransactionSynchronizationManager.forCurrentTransaction()
        .filter(TransactionSynchronizationManager::isActualTransactionActive)
        .onErrorResume(NoTransactionException.class, e -> Mono.empty())
        .switchIfEmpty(
            Mono.error(
                new IllegalStateException(
                    "an inbox row must be written in the transaction of its effect")))
        .then(claim);
  }

  /**
   * Records the final result of {@code messageId}; a result recorded already stays (the first
   * execution's answer is the one redeliveries get).
   */
  public Mono<Void> recordResult(
      String messageId, String topic, String userId, ContractMessage result) {
    return insert(
            "INSERT INTO processed_message (message_id, topic, user_id, result_type, result)"
                + " VALUES (:id, :topic, :userId, :resultType, :result)"
                + " ON CONFLICT (message_id) DO NOTHING",
            messageId,
            topic,
            userId)
        .bind("resultType", EventTypes.of(result).ceType())
        .bind("result", Json.of(ContractJson.toJson(result)))
        .then();
  }

  /** The result recorded for {@code messageId}; empty when there is none. */
  public Mono<ContractMessage> resultOf(String messageId) {
    return db.sql(
            "SELECT result_type, result::text AS result FROM processed_message"
                + " WHERE message_id = :id AND result_type IS NOT NULL")
        .bind("id", messageId)
        .map(
            row ->
                read(
                    messageId,
                    row.get("result_type", String.class),
                    row.get("result", String.class)))
        .one();
  }

  private GenericExecuteSpec insert(String sql, String messageId, String topic, String userId) {
    GenericExecuteSpec spec = db.sql(sql).bind("id", messageId).bind("topic", topic);
    return userId == null ? spec.bindNull("userId", String.class) : spec.bind("userId", userId);
  }

  private ContractMessage read(String messageId, String ceType, String body) {
    EventType<?> type =
        EventTypes.byCeType(ceType)
            .orElseThrow(
                () ->
                    new ContractViolationException(
                        "stored result of " + messageId + " has unknown type " + ceType));
    try {
      return json.readValue(body, type.bodyClass());
    } catch (JsonProcessingException e) {
      throw new ContractViolationException("stored result of " + messageId + " is not readable", e);
    }
  }
}
