package io.calsync.task.outbox;

import io.calsync.contracts.ContractJson;
import io.calsync.contracts.ContractMessage;
import io.calsync.contracts.EventType;
import io.calsync.contracts.EventTypes;
import io.r2dbc.postgresql.codec.Json;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.NoTransactionException;
import org.springframework.transaction.reactive.TransactionSynchronizationManager;
import reactor.core.publisher.Mono;

/**
 * Appends a contract message to the outbox. Must run inside the reactive transaction of the change
 * it reports, so that the message is published if and only if the change commits; it refuses to run
 * outside one.
 */
@Component
public class OutboxWriter {

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
    Mono<Void> insert =
        db.sql(
                "INSERT INTO outbox (id, aggregatetype, aggregateid, type, payload, created_at)"
                    + " VALUES (:id, :topic, :key, :type, :payload, :createdAt)")
            .bind("id", id)
            .bind("topic", type.topic())
            .bind("key", message.userId())
            .bind("type", type.ceType())
            .bind("payload", Json.of(ContractJson.toJson(message)))
            .bind("createdAt", occurredAt.atOffset(ZoneOffset.UTC))
            .then();
    return TransactionSynchronizationManager.forCurrentTransaction()
        .filter(TransactionSynchronizationManager::isActualTransactionActive)
        .onErrorResume(NoTransactionException.class, e -> Mono.empty())
        .switchIfEmpty(
            Mono.error(
                new IllegalStateException(
                    "an outbox row must be written in the transaction of its change")))
        .then(insert)
        .thenReturn(id);
  }
}
