package io.calsync.archfixture.emulator.control;

import io.calsync.archfixture.emulator.calendar.WriteLog;

/** A control API that also owns the reset contract its features implement. */
public class EmulatorControl {

  /** The contract in the wrong place: features below the control API implement it. */
  public interface Resettable {
    void reset();
  }

  WriteLog writeLog;
}
