package io.calsync.platform.outbox;

import io.calsync.contracts.ContractJson;
import io.calsync.contracts.ContractMessage;
import io.calsync.contracts.EventType;
import io.calsync.contracts.EventTypes;
import io.r2dbc.postgresql.codec.Json;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.transaction.NoTransactionException;
import org.springframework.transaction.reactive.TransactionSynchronizationManager;
import reactor.core.publisher.Mono;

/**
 * Appends a contract message to the outbox. Must run inside the reactive transaction of the change
 * it reports, so that the message is published if and only if the change commits; it refuses to run
 * outside one.
 */
public class OutboxWriter {

  /** {@code type} of a tombstone row: no {@code ce_type}, a null payload, a null Kafka value. */
  public static final String TOMBSTONE_TYPE = "tombstone";

  private static final String INSERT =
      "INSERT INTO outbox (id, aggregatetype, aggregateid, type, payload, created_at)"
          + " VALUES (:id, :topic, :key, :type, :payload, :createdAt)";

  private final DatabaseClient db;

  OutboxWriter(DatabaseClient db) {
    this.db = db;
  }

  /**
   * Writes one outbox row: the topic of the message's type ({@code aggregatetype}), the owner's
   * user id as Kafka key ({@code aggregateid}), the {@code ce_type} ({@code type}) and the contract
   * JSON ({@code payload}).
   *
   * @param occurredAt when the change happened; stored as {@code created_at} and published as
   *     {@code ce_time}
   * @return the row id, which the relay publishes as {@code ce_id}
   */
  public Mono<UUID> append(ContractMessage message, Instant occurredAt) {
    EventType<?> type = EventTypes.of(message);
    UUID id = UUID.randomUUID();
    return inTransaction(
        insert(id, type.topic(), message.userId(), type.ceType(), occurredAt)
            .bind("payload", Json.of(ContractJson.toJson(message))),
        id);
  }

  /**
   * Appends the tombstone of {@code userId} on {@code topic} (Debezium's convention: a null
   * payload). On a compacted topic it replaces the user's last record. The relay publishes it as a
   * null value with {@code ce_id} and {@code ce_time} ({@code erasedAt}) and then deletes the row:
   * it would be the last one naming the erased user.
   */
  public Mono<UUID> appendTombstone(String topic, String userId, Instant erasedAt) {
    UUID id = UUID.randomUUID();
    return inTransaction(
        insert(id, topic, userId, TOMBSTONE_TYPE, erasedAt).bindNull("payload", Json.class), id);
  }

  private GenericExecuteSpec insert(
      UUID id, String topic, String key, String type, Instant createdAt) {
    return db.sql(INSERT)
        .bind("id", id)
        .bind("topic", topic)
        .bind("key", key)
        .bind("type", type)
        .bind("createdAt", createdAt.atOffset(ZoneOffset.UTC));
  }

  private static Mono<UUID> inTransaction(GenericExecuteSpec insert, UUID id) {
    return TransactionSynchronizationManager.forCurrentTransaction()
        .filter(TransactionSynchronizationManager::isActualTransactionActive)
        .onErrorResume(NoTransactionException.class, e -> Mono.empty())
        .switchIfEmpty(
            Mono.error(
                new IllegalStateException(
                    "an outbox row must be written in the transaction of its change")))
        .then(insert.then())
        .thenReturn(id);
  }
}
