package io.calsync.platform.outbox;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Reports the outbox backlog and deletes published rows after the retention. Runs on every
 * instance; both jobs are idempotent, so several instances doing them at once is harmless.
 *
 * <p>Gauges: {@value #BACKLOG_METRIC} (unpublished rows) and {@value #LAG_METRIC} (seconds since
 * the oldest unpublished row was written; 0 when there is none), refreshed every {@code
 * backlogInterval}.
 */
public final class OutboxMaintenance implements SmartLifecycle {

  public static final String BACKLOG_METRIC = "calsync.outbox.backlog";
  public static final String LAG_METRIC = "calsync.outbox.lag";

  private static final Logger log = LoggerFactory.getLogger(OutboxMaintenance.class);

  private final DatabaseClient db;
  private final OutboxProperties properties;
  private final AtomicLong backlog = new AtomicLong();
  private final AtomicLong lagMillis = new AtomicLong();
  private Disposable running;

  public OutboxMaintenance(
      DatabaseClient db, OutboxProperties properties, MeterRegistry meterRegistry) {
    this.db = db;
    this.properties = properties;
    Gauge.builder(BACKLOG_METRIC, backlog, AtomicLong::get)
        .description("Outbox rows not yet published")
        .baseUnit("rows")
        .register(meterRegistry);
    Gauge.builder(LAG_METRIC, lagMillis, millis -> millis.get() / 1000.0)
        .description("Age of the oldest unpublished outbox row")
        .baseUnit("seconds")
        .register(meterRegistry);
  }

  @Override
  public synchronized void start() {
    if (running == null) {
      running =
          Disposables.composite(
              every(properties.backlogInterval(), this::refreshBacklog, "backlog"),
              every(properties.cleanupInterval(), this::deleteExpired, "cleanup"));
    }
  }

  @Override
  public synchronized void stop() {
    if (running != null) {
      running.dispose();
      running = null;
    }
  }

  @Override
  public synchronized boolean isRunning() {
    return running != null;
  }

  public Mono<Void> refreshBacklog() {
    return db.sql(
            "SELECT count(*) AS backlog,"
                + " COALESCE(EXTRACT(EPOCH FROM now() - min(created_at)) * 1000, 0)::bigint AS lag"
                + " FROM outbox WHERE published_at IS NULL")
        .map(
            row -> {
              backlog.set(row.get("backlog", Long.class));
              lagMillis.set(row.get("lag", Long.class));
              return true;
            })
        .one()
        .then();
  }

  /** Deletes published rows older than the retention; unpublished rows are never deleted. */
  public Mono<Long> deleteExpired() {
    return db.sql(
            "DELETE FROM outbox WHERE published_at IS NOT NULL"
                + " AND published_at < now() - make_interval(secs => :seconds)")
        .bind("seconds", (double) properties.retention().toMillis() / 1000)
        .fetch()
        .rowsUpdated()
        .doOnNext(
            deleted -> {
              if (deleted > 0) {
                log.info(
                    "Deleted {} published outbox rows older than {}",
                    deleted,
                    properties.retention());
              }
            });
  }

  private static Disposable every(Duration interval, Supplier<Mono<?>> job, String what) {
    return Flux.interval(Duration.ZERO, interval)
        .onBackpressureDrop()
        .concatMap(
            tick ->
                job.get()
                    .onErrorResume(
                        error -> {
                          log.warn("Outbox {} failed: {}", what, error.toString());
                          return Mono.empty();
                        }),
            0)
        .subscribe();
  }
}
