package io.calsync.connector.commands;

import io.calsync.contracts.calendar.CommandResult;
import io.calsync.contracts.calendar.EventChanged;

/**
 * What executing a command came to.
 *
 * @param result the answer to publish; when the command is to be parked, the failure that parks it
 *     (for the log only, never published), or null for a lost connection
 * @param currentEvent nullable: the event as Google holds it now, published after a conflict
 * @param finalOutcome whether the result is final and recorded in the inbox; a failure that is not
 *     final is not recorded, so the same command sent again is executed again
 * @param parkReason non-null when the command is not answered but parked
 */
record Execution(
    CommandResult result, EventChanged currentEvent, boolean finalOutcome, ParkReason parkReason) {

  static final Execution CONNECTION_LOST =
      new Execution(null, null, false, ParkReason.CONNECTION_LOST);

  Execution(CommandResult result, EventChanged currentEvent, boolean finalOutcome) {
    this(result, currentEvent, finalOutcome, null);
  }

  static Execution of(CommandResult result) {
    return new Execution(result, null, true);
  }

  /** A transient failure that outlasted the retries: park the command until the outage passes. */
  static Execution outage(CommandResult failure) {
    return new Execution(failure, null, false, ParkReason.OUTAGE);
  }

  boolean parks() {
    return parkReason != null;
  }
}
