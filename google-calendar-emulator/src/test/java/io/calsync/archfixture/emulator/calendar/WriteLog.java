package io.calsync.archfixture.emulator.calendar;

import io.calsync.archfixture.emulator.control.EmulatorControl;

/** A feature that depends on the control API above it. */
public class WriteLog implements EmulatorControl.Resettable {

  @Override
  public void reset() {}
}
