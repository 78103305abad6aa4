package io.calsync.archfixture.contracts.a;

import io.calsync.archfixture.contracts.b.CycleB;

/** Half of a deliberate package cycle. */
public class CycleA {
  CycleB partner;
}
