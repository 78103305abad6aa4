package io.calsync.archfixture.contracts.orchestrator;

/** A service's own type, which a contract must never name. */
public enum LinkState {
  ACTIVE
}
