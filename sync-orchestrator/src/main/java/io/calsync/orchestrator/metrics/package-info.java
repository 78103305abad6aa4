/**
 * The sync decision and command result counters ({@link
 * io.calsync.orchestrator.metrics.SyncMetrics}), incremented after the transaction of the decision
 * committed.
 */
package io.calsync.orchestrator.metrics;
