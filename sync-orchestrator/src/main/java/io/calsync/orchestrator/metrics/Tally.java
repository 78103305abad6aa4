package io.calsync.orchestrator.metrics;

/** A decision's metric tags, counted by {@link SyncMetrics} once its transaction committed. */
public record Tally(String action, String outcome, String reason) {}
