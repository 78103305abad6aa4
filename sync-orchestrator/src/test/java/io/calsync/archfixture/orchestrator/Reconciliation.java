package io.calsync.archfixture.orchestrator;

/** A "decider" free of Spring and Reactor that saves the link itself instead of returning it. */
final class Reconciliation {

  private Reconciliation() {}

  static void decide(LinkRepository links, String taskId) {
    links.save(taskId);
  }
}
