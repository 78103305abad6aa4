package io.calsync.archfixture.emulator.rootcycle;

/** Configuration left in the root package, so the features depend back on it. */
public record Settings(String name) {}
