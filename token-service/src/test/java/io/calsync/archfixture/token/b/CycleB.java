package io.calsync.archfixture.token.b;

import io.calsync.archfixture.token.a.CycleA;

/** The other half of a deliberate package cycle. */
public class CycleB {
  CycleA partner;
}
