package io.calsync.platform.inbox;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Deletes inbox rows older than the retention, {@code cleanupBatchSize} rows per statement until
 * none is left. Runs on every instance; the job is idempotent, so several instances running it at
 * once is harmless.
 */
public final class InboxMaintenance implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(InboxMaintenance.class);

  private final DatabaseClient db;
  private final InboxProperties properties;
  private Disposable running;

  public InboxMaintenance(DatabaseClient db, InboxProperties properties) {
    this.db = db;
    this.properties = properties;
  }

  @Override
  public synchronized void start() {
    if (running == null) {
      running =
          Flux.interval(Duration.ZERO, properties.cleanupInterval())
              .onBackpressureDrop()
              .concatMap(
                  tick ->
                      deleteExpired()
                          .onErrorResume(
                              error -> {
                                log.warn("Inbox cleanup failed: {}", error.toString());
                                return Mono.empty();
                              }),
                  0)
              .subscribe();
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

  /** Deletes every row older than the retention; the number deleted. */
  public Mono<Long> deleteExpired() {
    return deleteBatch()
        .expand(deleted -> deleted == properties.cleanupBatchSize() ? deleteBatch() : Mono.empty())
        .reduce(0L, Long::sum)
        .doOnNext(
            deleted -> {
              if (deleted > 0) {
                log.info("Deleted {} inbox rows older than {}", deleted, properties.retention());
              }
            });
  }

  private Mono<Long> deleteBatch() {
    return db.sql(
            "DELETE FROM processed_message WHERE message_id IN (SELECT message_id"
                + " FROM processed_message WHERE processed_at < now() - make_interval(secs =>"
                + " :seconds) LIMIT :limit)")
        .bind("seconds", (double) properties.retention().toMillis() / 1000)
        .bind("limit", properties.cleanupBatchSize())
        .fetch()
        .rowsUpdated();
  }
}
