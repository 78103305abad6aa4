package io.calsync.orchestrator.archfixture.a;

import io.calsync.orchestrator.archfixture.b.CycleB;

/** Half of a deliberate package cycle. */
public class CycleA {
  CycleB partner;
}
