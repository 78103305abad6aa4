package io.calsync.orchestrator.archfixture.b;

import io.calsync.orchestrator.archfixture.a.CycleA;

/** The other half of a deliberate package cycle. */
public class CycleB {
  CycleA partner;
}
