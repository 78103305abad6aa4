package io.calsync.orchestrator.guard;

import org.springframework.context.ApplicationContext;
import reactor.core.publisher.Mono;

/**
 * Runs the deletion guard's sweep when a test says so, rather than when the scheduler does: for
 * tests that need to know when waiting deletions are applied.
 */
public final class GuardSweeps {

  private GuardSweeps() {}

  /** One sweep of every user's waiting deletions, as {@code DeletionSweeper} runs it. */
  public static Mono<Void> sweep(ApplicationContext context) {
    return context.getBean(DeletionSweeper.class).sweep();
  }
}
