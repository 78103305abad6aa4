package io.calsync.token.messaging;

import io.calsync.contracts.ContractJson;
import io.calsync.contracts.EventTypes;
import io.calsync.contracts.connection.ConnectionEvent;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Appends a connection event to the outbox. Call it inside the transaction of the change the event
 * describes ({@code TransactionalOperator}); {@link OutboxRelay} publishes it after the commit.
 */
@Component
public class OutboxWriter {

  static final String AGGREGATE_TYPE = "connection";

  /** {@code type} of a tombstone row: no {@code ce_type}, a null payload, a null Kafka value. */
  static final String TOMBSTONE_TYPE = "tombstone";

  private final DatabaseClient db;

  OutboxWriter(DatabaseClient db) {
    this.db = db;
  }

  public Mono<Void> append(ConnectionEvent event) {
    return db.sql(
            """
            INSERT INTO outbox (id, aggregatetype, aggregateid, type, payload)
            VALUES (:id, :aggregateType, :userId, :type, CAST(:payload AS jsonb))
            """)
        .bind("id", UUID.randomUUID())
        .bind("aggregateType", AGGREGATE_TYPE)
        .bind("userId", event.userId())
        .bind("type", EventTypes.of(event).ceType())
        .bind("payload", ContractJson.toJson(event))
        .then();
  }

  /**
   * Appends the tombstone of {@code userId} (Debezium's convention: a null payload): on the
   * compacted topic it replaces the user's last connection event and tells every service to erase
   * what it stored about the user.
   */
  public Mono<Void> appendTombstone(String userId) {
    return db.sql(
            """
            INSERT INTO outbox (id, aggregatetype, aggregateid, type, payload)
            VALUES (:id, :aggregateType, :userId, :type, NULL)
            """)
        .bind("id", UUID.randomUUID())
        .bind("aggregateType", AGGREGATE_TYPE)
        .bind("userId", userId)
        .bind("type", TOMBSTONE_TYPE)
        .then();
  }
}
