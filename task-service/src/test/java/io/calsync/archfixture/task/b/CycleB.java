package io.calsync.archfixture.task.b;

import io.calsync.archfixture.task.a.CycleA;

/** The other half of a deliberate package cycle. */
public class CycleB {
  CycleA partner;
}
