/**
 * The transactional outbox, for services whose migrations create the {@code outbox} table and its
 * {@code outbox_inserted} notify trigger ({@code calsync.outbox.enabled=true}): {@link
 * io.calsync.platform.outbox.OutboxWriter} appends a contract message (or a user's tombstone) in
 * the transaction of its change; {@link io.calsync.platform.outbox.OutboxRelay} publishes committed
 * rows to Kafka in {@code sequence} order, one key at a time, with one active relay across all
 * instances (PostgreSQL advisory lock), woken by {@code LISTEN/NOTIFY} with a polling fallback;
 * {@code OutboxMaintenance} reports the backlog and deletes published rows after the retention.
 */
package io.calsync.platform.outbox;
