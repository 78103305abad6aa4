/**
 * CRM → Google synchronisation: consumes task events, connection changes and command results of
 * each user in order, decides calendar commands ({@link
 * io.calsync.orchestrator.sync.CalendarCommandDecider}), and keeps links, task snapshots, the
 * command log and the idempotency inbox in PostgreSQL. The reverse direction joins this package.
 */
package io.calsync.orchestrator.sync;
