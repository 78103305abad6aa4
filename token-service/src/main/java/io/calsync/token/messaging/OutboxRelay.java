package io.calsync.token.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.calsync.contracts.ContractJson;
import io.calsync.contracts.ContractMessage;
import io.calsync.contracts.ContractViolationException;
import io.calsync.contracts.EventTypes;
import io.calsync.contracts.Topics;
import io.calsync.contracts.cloudevents.CloudEventHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Relays committed outbox rows to {@code sync.connection-events} in {@code sequence} order, keyed
 * by user id, with the row id as {@code ce_id}; a row is marked published only after Kafka
 * acknowledged it (at-least-once). Each round runs in one transaction that first takes a
 * transaction-scoped advisory lock, so across instances only one relay publishes at a time and a
 * user's events keep their order; a failed send rolls the round back and the next round resends
 * from the first unmarked row. A tombstone row ({@link OutboxWriter#appendTombstone}) goes out as a
 * null value with {@code ce_id} and {@code ce_time} headers and is deleted once acknowledged.
 */
@Component
class OutboxRelay implements DisposableBean {

  /** Advisory lock key of the relay ("calsync token outbox"). */
  static final long LOCK_KEY = 0x7c5_70ce_0b0aL;

  private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

  private final DatabaseClient db;
  private final TransactionalOperator transaction;
  private final KafkaTemplate<String, Object> kafka;
  private final OutboxProperties properties;
  private final ObjectMapper json = ContractJson.newMapper();
  private Disposable loop;

  OutboxRelay(
      DatabaseClient db,
      TransactionalOperator transaction,
      KafkaTemplate<String, Object> kafka,
      OutboxProperties properties) {
    this.db = db;
    this.transaction = transaction;
    this.kafka = kafka;
    this.properties = properties;
  }

  private record Row(UUID id, String userId, String type, String payload, Instant createdAt) {

    boolean tombstone() {
      return OutboxWriter.TOMBSTONE_TYPE.equals(type);
    }
  }

  @EventListener(ApplicationReadyEvent.class)
  void start() {
    loop =
        Flux.interval(properties.pollInterval())
            .onBackpressureDrop()
            .concatMap(
                tick ->
                    relayOnce()
                        .onErrorResume(
                            e -> {
                              log.warn("Outbox relay round failed; retrying: {}", e.toString());
                              return Mono.just(0L);
                            }),
                1)
            .subscribe();
  }

  /** One round; the number of rows published. */
  Mono<Long> relayOnce() {
    Mono<Long> round =
        db.sql("SELECT pg_try_advisory_xact_lock(:key) AS locked")
            .bind("key", LOCK_KEY)
            .map(row -> Boolean.TRUE.equals(row.get("locked", Boolean.class)))
            .one()
            .flatMap(locked -> locked ? publishBatch() : Mono.just(0L));
    return transaction.transactional(round);
  }

  private Mono<Long> publishBatch() {
    return db.sql(
            """
            SELECT id, aggregateid, type, payload::text AS payload, created_at FROM outbox
             WHERE published_at IS NULL ORDER BY sequence LIMIT :limit
            """)
        .bind("limit", properties.batchSize())
        .map(
            row ->
                new Row(
                    row.get("id", UUID.class),
                    row.get("aggregateid", String.class),
                    row.get("type", String.class),
                    row.get("payload", String.class),
                    row.get("created_at", OffsetDateTime.class).toInstant()))
        .all()
        .concatMap(row -> send(row).then(markPublished(row)))
        .count();
  }

  private Mono<Void> send(Row row) {
    // A tombstone has no body and no ce_type; its ce_time is the erase time consumers compare late
    // records with.
    ContractMessage message = row.tombstone() ? null : read(row);
    ProducerRecord<String, Object> record =
        new ProducerRecord<>(Topics.CONNECTION_EVENTS, row.userId(), message);
    record
        .headers()
        .add(CloudEventHeaders.ID, row.id().toString().getBytes(StandardCharsets.UTF_8));
    if (row.tombstone()) {
      record
          .headers()
          .add(CloudEventHeaders.TIME, row.createdAt().toString().getBytes(StandardCharsets.UTF_8));
    }
    // The producer may block while it fetches metadata.
    return Mono.fromFuture(() -> kafka.send(record))
        .subscribeOn(Schedulers.boundedElastic())
        .then();
  }

  /** A published tombstone row is deleted: it would be the last row naming the erased user. */
  private Mono<Long> markPublished(Row row) {
    return db.sql(
            row.tombstone()
                ? "DELETE FROM outbox WHERE id = :id"
                : "UPDATE outbox SET published_at = now() WHERE id = :id")
        .bind("id", row.id())
        .fetch()
        .rowsUpdated();
  }

  private ContractMessage read(Row row) {
    var type =
        EventTypes.byCeType(row.type())
            .orElseThrow(
                () -> new ContractViolationException("outbox row of unknown type " + row.type()));
    try {
      return json.readValue(row.payload(), type.bodyClass());
    } catch (Exception e) {
      throw new ContractViolationException("outbox row " + row.id() + " is not readable", e);
    }
  }

  @Override
  public void destroy() {
    if (loop != null) {
      loop.dispose();
    }
  }
}
