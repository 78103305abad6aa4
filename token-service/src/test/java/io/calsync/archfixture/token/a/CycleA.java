package io.calsync.archfixture.token.a;

import io.calsync.archfixture.token.b.CycleB;

/** Half of a deliberate package cycle. */
public class CycleA {
  CycleB partner;
}
