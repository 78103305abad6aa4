package io.calsync.connector.commands;

import io.calsync.contracts.calendar.CommandResult;
import io.calsync.contracts.calendar.EventChanged;

/**
 * What executing a command came to.
 *
 * @param result the answer to publish; null when the user's connection is lost (park the command)
 * @param currentEvent nullable: the event as Google holds it now, published after a conflict
 * @param finalOutcome whether the result is final and recorded in the inbox; a retryable failure is
 *     not, so the same command sent again is executed again
 */
record Execution(CommandResult result, EventChanged currentEvent, boolean finalOutcome) {

  static final Execution CONNECTION_LOST = new Execution(null, null, false);

  static Execution of(CommandResult result) {
    return new Execution(result, null, true);
  }

  boolean connectionLost() {
    return result == null;
  }
}
