package io.calsync.archfixture.emulator.rootcycle.feature;

import io.calsync.archfixture.emulator.rootcycle.Settings;

/** A feature that reads configuration from the root package: the cycle runs through the root. */
public class Feature {
  Settings settings;
}
