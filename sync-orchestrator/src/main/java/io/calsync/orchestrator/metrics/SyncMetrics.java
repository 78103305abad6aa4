package io.calsync.orchestrator.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * {@code calsync.sync.decisions} (tags {@code direction}, {@code action}, {@code outcome}, {@code
 * reason}): every decision about a task change or an event change, including duplicates, stale
 * versions and echoes that were ignored; {@code calsync.sync.command.results} (tag {@code
 * outcome}): what the connector reported. Counted after the transaction committed, so a retried
 * message is counted once.
 */
@Component
public class SyncMetrics {

  public static final String DECISIONS = "calsync.sync.decisions";
  static final String RESULTS = "calsync.sync.command.results";

  private final MeterRegistry registry;

  SyncMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  public void decision(String direction, Tally tally) {
    decision(direction, tally.action().name(), tally.outcome().name(), tally.reason());
  }

  public void decision(String direction, String action, String outcome, String reason) {
    Counter.builder(DECISIONS)
        .description("Sync decisions by direction and outcome")
        .tag("direction", direction)
        .tag("action", action)
        .tag("outcome", outcome)
        .tag("reason", reason)
        .register(registry)
        .increment();
  }

  public void result(String outcome) {
    Counter.builder(RESULTS)
        .description("Calendar command results by outcome")
        .tag("outcome", outcome)
        .register(registry)
        .increment();
  }
}
