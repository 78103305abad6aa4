package io.calsync.archfixture.connector.a;

import io.calsync.archfixture.connector.b.CycleB;

/** Half of a deliberate package cycle. */
public class CycleA {
  CycleB partner;
}
