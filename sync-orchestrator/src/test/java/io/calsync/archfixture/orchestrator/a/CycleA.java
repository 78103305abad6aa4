package io.calsync.archfixture.orchestrator.a;

import io.calsync.archfixture.orchestrator.b.CycleB;

/** Half of a deliberate package cycle. */
public class CycleA {
  CycleB partner;
}
