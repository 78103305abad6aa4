/**
 * The transactional outbox: {@link io.calsync.task.outbox.OutboxWriter} appends a contract message
 * in the transaction of its change; {@code OutboxRelay} publishes committed rows to Kafka in {@code
 * sequence} order, with one active relay across all instances (PostgreSQL advisory lock), woken by
 * {@code LISTEN/NOTIFY} with a polling fallback; {@code OutboxMaintenance} reports the backlog and
 * deletes published rows after the retention.
 */
package io.calsync.task.outbox;
