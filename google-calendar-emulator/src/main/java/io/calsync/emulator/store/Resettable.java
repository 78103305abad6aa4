package io.calsync.emulator.store;

/**
 * In-memory state that {@code EmulatorControl#reset()} must clear besides the stores it names. It
 * lives here, in the lowest state package, so that the features holding such state (page cursors,
 * the write log, push channels) implement it without depending on the control API, which depends on
 * them.
 */
public interface Resettable {
  void reset();
}
