/**
 * Applies the orchestrator's task commands from {@code crm.task-commands}: each command id at most
 * once, its inbox row (the starter's {@code processed_message}) committed in the transaction of its
 * effect (task row and outbox row), the way Debezium's outbox example builds an idempotent
 * consumer.
 */
package io.calsync.task.commands;
