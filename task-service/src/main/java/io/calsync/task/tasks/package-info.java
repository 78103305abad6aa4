/**
 * The task aggregate: its table, the rules for changing it (ownership, optimistic concurrency, a
 * version that grows by one per change, tombstones) and {@link io.calsync.task.tasks.TaskService},
 * which commits every change together with its task event in the outbox, in one transaction.
 */
package io.calsync.task.tasks;
