package io.calsync.archfixture.contracts.b;

import io.calsync.archfixture.contracts.a.CycleA;

/** The other half of a deliberate package cycle. */
public class CycleB {
  CycleA partner;
}
