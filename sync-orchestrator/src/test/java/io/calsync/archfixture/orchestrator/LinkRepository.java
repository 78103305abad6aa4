package io.calsync.archfixture.orchestrator;

/** Stands for a repository a decider must not reach. */
class LinkRepository {

  void save(String taskId) {}
}
