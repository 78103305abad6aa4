package io.calsync.archfixture.task.a;

import io.calsync.archfixture.task.b.CycleB;

/** Half of a deliberate package cycle. */
public class CycleA {
  CycleB partner;
}
