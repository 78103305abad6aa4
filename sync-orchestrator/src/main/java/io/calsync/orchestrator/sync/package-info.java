/**
 * The two-way sync: consumes each user's task events, event changes, connection changes and command
 * results in order; decides calendar commands for task changes ({@link
 * io.calsync.orchestrator.sync.CalendarCommandDecider}) and task commands for event changes ({@link
 * io.calsync.orchestrator.sync.EventChangeDecider}), merging linked changes field by field ({@link
 * io.calsync.orchestrator.sync.ThreeWayMerge}); keeps links with their merge base, task snapshots,
 * the command logs and the idempotency inbox in PostgreSQL.
 */
package io.calsync.orchestrator.sync;
