package io.calsync.archfixture.emulator.rootcycle;

import io.calsync.archfixture.emulator.rootcycle.feature.Feature;

/** An entry point in the root package, which depends on its features (as it should). */
public class Launcher {
  Feature feature;
}
