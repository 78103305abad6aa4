package io.calsync.platform.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.calsync.contracts.ContractJson;
import io.calsync.contracts.ContractMessage;
import io.calsync.contracts.ContractViolationException;
import io.calsync.contracts.EventType;
import io.calsync.contracts.EventTypes;
import io.calsync.contracts.cloudevents.CloudEventAttributes;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Result;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaTemplate;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

/**
 * Publishes committed outbox rows to Kafka, in {@code sequence} order, and marks them published
 * only after Kafka acknowledged them (at-least-once: a crash between the two publishes a row again
 * with the same {@code ce_id}).
 *
 * <p><b>One active relay.</b> Every instance runs a relay, but only the one holding the PostgreSQL
 * advisory lock {@code lockKey} publishes. The lock is taken and held on the relay's own connection
 * (not a pooled one), which it also uses to read and mark rows: when that connection or its process
 * dies, PostgreSQL releases the lock and a standby instance, retrying every {@code
 * lockRetryInterval}, takes over from the first unmarked row. After a broken connection the relay
 * starts over (new connection, lock, listen).
 *
 * <p><b>Waking up.</b> The active relay {@code LISTEN}s on {@value #CHANNEL}, which a trigger on
 * {@code outbox} notifies on commit, and also polls every {@code pollInterval}, so a lost
 * notification (or {@code listen=false}) only delays a row. Wake-ups that arrive during a round
 * collapse into one more round. A round repeats while it finds full batches.
 *
 * <p><b>Order.</b> Rows are read in {@code sequence} order, which is commit order for the rows of
 * one task because its changes serialise on the task row's lock. The rows of one Kafka key are sent
 * one at a time, each after the previous one was acknowledged, and a key's rows after a failure
 * wait for the next round, so a later version never reaches the log before an earlier one. A send
 * whose acknowledgement fails although the broker wrote the record (e.g. a timeout) is sent again,
 * so a version may repeat, right after itself, with the same {@code ce_id}; consumers drop such
 * repeats by {@code ce_id} and {@code version}.
 *
 * <p><b>Tombstones.</b> A tombstone row ({@link OutboxWriter#appendTombstone}) goes out as a null
 * value with {@code ce_id} and {@code ce_time} and is deleted once acknowledged.
 */
public final class OutboxRelay implements SmartLifecycle {

  public static final String CHANNEL = "outbox_inserted";
  public static final String PUBLISHED_METRIC = "calsync.outbox.published";

  private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

  private final String name;
  private final ConnectionFactory connections;
  private final KafkaTemplate<Object, Object> kafka;
  private final OutboxProperties.Relay settings;
  private final Counter publishedCounter;
  private final ObjectMapper mapper = ContractJson.newMapper();
  private final AtomicBoolean leader = new AtomicBoolean();
  private final AtomicLong published = new AtomicLong();
  private Scheduler scheduler;
  private Disposable running;

  /**
   * @param connections unpooled connections to the service database, see {@link
   *     PlatformOutboxAutoConfiguration#relayConnections}
   */
  public OutboxRelay(
      String name,
      ConnectionFactory connections,
      KafkaTemplate<Object, Object> kafka,
      OutboxProperties.Relay settings,
      MeterRegistry meterRegistry) {
    this.name = name;
    this.connections = connections;
    this.kafka = kafka;
    this.settings = settings;
    this.publishedCounter =
        Counter.builder(PUBLISHED_METRIC)
            .description("Outbox rows published to Kafka and acknowledged")
            .register(meterRegistry);
  }

  @Override
  public synchronized void start() {
    if (running != null) {
      return;
    }
    scheduler = Schedulers.newSingle("outbox-relay-" + name);
    running =
        Mono.usingWhen(
                Mono.from(connections.create()),
                this::leadAndRelay,
                this::release,
                (connection, error) -> release(connection),
                this::release)
            .doOnError(
                error ->
                    log.warn(
                        "Outbox relay {} stopped, starting over in {}: {}",
                        name,
                        settings.lockRetryInterval(),
                        error.toString()))
            .retryWhen(Retry.fixedDelay(Long.MAX_VALUE, settings.lockRetryInterval()))
            .subscribeOn(scheduler)
            .subscribe(
                ignored -> {},
                error -> log.error("Outbox relay {} gave up", name, error),
                () -> log.info("Outbox relay {} ended", name));
  }

  @Override
  public synchronized void stop() {
    if (running != null) {
      running.dispose();
      scheduler.dispose();
      running = null;
      leader.set(false);
    }
  }

  @Override
  public synchronized boolean isRunning() {
    return running != null;
  }

  /** Whether this relay holds the lock, i.e. is the one that publishes. */
  public boolean isLeader() {
    return leader.get();
  }

  /** Rows this relay has published and marked since it was created. */
  public long publishedCount() {
    return published.get();
  }

  private Mono<Void> release(Connection connection) {
    if (leader.getAndSet(false)) {
      log.info("Outbox relay {} is no longer the active relay", name);
    }
    return Mono.from(connection.close());
  }

  private Mono<Void> leadAndRelay(Connection connection) {
    if (!(connection instanceof PostgresqlConnection postgres)) {
      return Mono.error(
          new IllegalStateException(
              "the outbox relay needs a direct PostgreSQL connection, got "
                  + connection.getClass().getName()));
    }
    Mono<Void> listen = settings.listen() ? execute(connection, "LISTEN " + CHANNEL) : Mono.empty();
    return acquireLock(connection)
        .then(listen)
        .thenMany(
            Flux.defer(
                () -> {
                  leader.set(true);
                  log.info("Outbox relay {} is the active relay", name);
                  return wakeUps(postgres);
                }))
        .onBackpressureLatest()
        .concatMap(wakeUp -> drain(connection), 0)
        .then();
  }

  /** Completes once this connection holds the lock; tries every {@code lockRetryInterval}. */
  private Mono<Void> acquireLock(Connection connection) {
    return Mono.defer(
            () ->
                Flux.from(
                        connection
                            .createStatement("SELECT pg_try_advisory_lock($1) AS locked")
                            .bind("$1", settings.lockKey())
                            .execute())
                    .flatMap(result -> result.map((row, meta) -> row.get("locked", Boolean.class)))
                    .single())
        .filter(Boolean::booleanValue)
        .repeatWhenEmpty(
            attempts -> attempts.concatMap(attempt -> Mono.delay(settings.lockRetryInterval())))
        .then();
  }

  /** A tick now, on every poll, and on every notification of a commit. */
  private Flux<Object> wakeUps(PostgresqlConnection connection) {
    Flux<Object> polls = Flux.interval(Duration.ZERO, settings.pollInterval()).cast(Object.class);
    if (!settings.listen()) {
      return polls;
    }
    return Flux.merge(
        polls,
        connection
            .getNotifications()
            .filter(notification -> CHANNEL.equals(notification.getName()))
            .cast(Object.class));
  }

  /** Relays batches until one is not full. */
  private Mono<Void> drain(Connection connection) {
    return relayBatch(connection)
        .expand(full -> full ? relayBatch(connection) : Mono.empty())
        .then();
  }

  /** Relays one batch; true when it was full and completely published, so more may wait. */
  private Mono<Boolean> relayBatch(Connection connection) {
    return Flux.from(
            connection
                .createStatement(
                    "SELECT id, sequence, aggregatetype, aggregateid, type, payload::text AS"
                        + " payload, created_at FROM outbox WHERE published_at IS NULL"
                        + " ORDER BY sequence LIMIT $1")
                .bind("$1", settings.batchSize())
                .execute())
        .flatMap(
            result ->
                result.map(
                    (row, meta) ->
                        new OutboxRow(
                            row.get("id", UUID.class),
                            row.get("sequence", Long.class),
                            row.get("aggregatetype", String.class),
                            row.get("aggregateid", String.class),
                            row.get("type", String.class),
                            row.get("payload", String.class),
                            row.get("created_at", OffsetDateTime.class).toInstant())))
        .collectList()
        // Off the database's event loop: KafkaTemplate#send may block while it fetches metadata.
        .publishOn(scheduler)
        .flatMap(
            rows ->
                rows.isEmpty()
                    ? Mono.just(false)
                    : publish(rows)
                        .flatMap(
                            acknowledged ->
                                markPublished(connection, acknowledged)
                                    .thenReturn(
                                        acknowledged.size() == rows.size()
                                            && rows.size() == settings.batchSize())));
  }

  /**
   * Sends the rows and answers the sequences Kafka acknowledged. The rows of one key (one user, so
   * every version of each of their tasks) go one after the other, each only once the previous one
   * was acknowledged, and a key stops at its first failure: that row and the key's later rows are
   * sent again next round. Firing them all at once is not enough: when a batch's delivery timeout
   * expires while the broker is away, the idempotent producer drops that batch but may still get a
   * later one of the same partition through, which would put a task's version 2 in the log before
   * its version 1. Keys are sent in parallel.
   */
  private Mono<List<Long>> publish(List<OutboxRow> rows) {
    Map<String, List<OutboxRow>> byKey = new LinkedHashMap<>();
    rows.forEach(row -> byKey.computeIfAbsent(row.key(), key -> new ArrayList<>()).add(row));
    return Flux.fromIterable(byKey.values()).flatMap(this::publishInOrder).collectList();
  }

  private Flux<Long> publishInOrder(List<OutboxRow> rowsOfOneKey) {
    return Flux.fromIterable(rowsOfOneKey)
        .concatMap(
            row ->
                Mono.fromFuture(() -> kafka.send(record(row)))
                    // Not on the producer's network thread that completed the previous send:
                    // send() may block while it fetches metadata.
                    .subscribeOn(scheduler)
                    .thenReturn(row.sequence()))
        .onErrorResume(
            error -> {
              log.warn(
                  "Outbox relay {}: sending failed, the key's remaining rows are retried: {}",
                  name,
                  error.toString());
              return Flux.empty();
            });
  }

  private ProducerRecord<Object, Object> record(OutboxRow row) {
    if (row.tombstone()) {
      // No body and no ce_type; its ce_time is the erase time consumers compare late records with.
      CloudEventAttributes attributes =
          CloudEventAttributes.withId(row.id().toString()).time(row.createdAt());
      return new ProducerRecord<>(row.topic(), null, null, row.key(), null, attributes.toHeaders());
    }
    EventType<?> type =
        EventTypes.byCeType(row.type())
            .orElseThrow(
                () ->
                    new ContractViolationException(
                        "outbox row " + row.id() + " has unknown type " + row.type()));
    ContractMessage body;
    try {
      // Parsed and written again by the contract serializer: the payload is stored as jsonb,
      // which does not keep the bytes, and the serializer also sets ce_type and the other headers.
      body = mapper.readValue(row.payload(), type.bodyClass());
    } catch (JsonProcessingException e) {
      throw new ContractViolationException(
          "outbox row " + row.id() + " is not a valid " + row.type(), e);
    }
    CloudEventAttributes attributes =
        CloudEventAttributes.withId(row.id().toString())
            .subject(type.subjectOf(body))
            .time(row.createdAt());
    return new ProducerRecord<>(row.topic(), null, null, row.key(), body, attributes.toHeaders());
  }

  /**
   * Marks the acknowledged rows published, by sequence, not by range: a row with a lower sequence
   * may still be uncommitted. A published tombstone is deleted instead: it would be the last row
   * naming the erased user.
   */
  private Mono<Void> markPublished(Connection connection, List<Long> sequences) {
    if (sequences.isEmpty()) {
      return Mono.empty();
    }
    Long[] acknowledged = sequences.toArray(Long[]::new);
    return update(
            connection,
            "UPDATE outbox SET published_at = now() WHERE sequence = ANY($1) AND type <> $2",
            acknowledged)
        .then(
            update(
                connection,
                "DELETE FROM outbox WHERE sequence = ANY($1) AND type = $2",
                acknowledged))
        .then(
            Mono.fromRunnable(
                () -> {
                  published.addAndGet(sequences.size());
                  publishedCounter.increment(sequences.size());
                }));
  }

  private static Mono<Long> update(Connection connection, String sql, Long[] sequences) {
    return Flux.from(
            connection
                .createStatement(sql)
                .bind("$1", sequences)
                .bind("$2", OutboxWriter.TOMBSTONE_TYPE)
                .execute())
        .flatMap(Result::getRowsUpdated)
        .reduce(0L, Long::sum);
  }

  private static Mono<Void> execute(Connection connection, String sql) {
    return Flux.from(connection.createStatement(sql).execute())
        .flatMap(Result::getRowsUpdated)
        .then();
  }
}
