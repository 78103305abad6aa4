package io.calsync.archfixture.connector.b;

import io.calsync.archfixture.connector.a.CycleA;

/** The other half of a deliberate package cycle. */
public class CycleB {
  CycleA partner;
}
