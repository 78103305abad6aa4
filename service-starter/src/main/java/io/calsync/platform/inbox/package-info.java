/**
 * The inbox of an idempotent consumer, for services whose migrations create {@code
 * processed_message} ({@code calsync.inbox.enabled=true}): {@link io.calsync.platform.inbox.Inbox}
 * checks and records a message id in the transaction of its effect, or stores a message's final
 * result to answer redeliveries with; {@code InboxMaintenance} deletes rows after the retention.
 *
 * <p>The table every such service creates:
 *
 * <pre>
 * processed_message (message_id varchar(255) PRIMARY KEY, topic varchar(255) NOT NULL,
 *                    user_id varchar(255), processed_at timestamptz NOT NULL DEFAULT now(),
 *                    result_type varchar(255), result jsonb)   -- the last two only to store results
 * </pre>
 */
package io.calsync.platform.inbox;
