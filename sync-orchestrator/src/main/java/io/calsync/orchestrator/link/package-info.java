/**
 * The task ↔ event links ({@code link}: ids, what was pushed and reported back, the merge base) and
 * the latest snapshot of every task seen ({@code task_state}), read and written in the transaction
 * of the record being handled.
 */
package io.calsync.orchestrator.link;
