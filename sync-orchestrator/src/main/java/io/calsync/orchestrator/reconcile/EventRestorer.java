package io.calsync.orchestrator.reconcile;

import io.calsync.orchestrator.metrics.Tally;
import reactor.core.publisher.Mono;

/**
 * Re-creates a linked task's event from the task's latest snapshot: what Google → CRM needs when
 * the user keeps a task whose event was deleted in Google. Implemented by {@code
 * crmtogoogle.TaskSync}, which owns the CRM → Google writes, so that {@code googletocrm} does not
 * depend on {@code crmtogoogle}.
 */
public interface EventRestorer {

  /**
   * Runs in the caller's transaction; nothing when the task calls for no event now.
   *
   * @param seed the seed of the command id
   */
  Mono<Tally> restoreEvent(String userId, String taskId, String seed);
}
