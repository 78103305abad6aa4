package io.calsync.archfixture.orchestrator.b;

import io.calsync.archfixture.orchestrator.a.CycleA;

/** The other half of a deliberate package cycle. */
public class CycleB {
  CycleA partner;
}
