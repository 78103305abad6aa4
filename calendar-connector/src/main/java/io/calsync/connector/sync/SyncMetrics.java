package io.calsync.connector.sync;

import io.calsync.contracts.calendar.SyncKind;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * Read-side meters (user ids never become tags): {@code calsync_sync_polls_total{kind,outcome}},
 * {@code calsync_sync_events_published_total{kind}}, {@code calsync_sync_full_resyncs_total
 * {reason}}, {@code calsync_push_notifications_total{outcome}}; the scheduler adds the gauges
 * {@code calsync_sync_users} and {@code calsync_sync_poll_lag_seconds}.
 */
@Component
class SyncMetrics {

  private final MeterRegistry registry;

  SyncMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  MeterRegistry registry() {
    return registry;
  }

  void polled(SyncKind kind, IncrementalSyncPoller.Outcome outcome) {
    Counter.builder("calsync.sync.polls")
        .description("Polls of users' calendars by listing kind and outcome")
        .tag("kind", kind == null ? "none" : kind.name().toLowerCase(Locale.ROOT))
        .tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
        .register(registry)
        .increment();
  }

  void published(SyncKind kind, int count) {
    Counter.builder("calsync.sync.events.published")
        .description("EventChanged records published and acknowledged")
        .tag("kind", kind.name().toLowerCase(Locale.ROOT))
        .register(registry)
        .increment(count);
  }

  void fullResync(String reason) {
    Counter.builder("calsync.sync.full.resyncs")
        .description("Full listings: first sync, requested, or after Google's 410")
        .tag("reason", reason)
        .register(registry)
        .increment();
  }

  void pushNotification(String outcome) {
    Counter.builder("calsync.push.notifications")
        .description("Webhook calls by outcome: accepted, sync, rejected")
        .tag("outcome", outcome)
        .register(registry)
        .increment();
  }
}
