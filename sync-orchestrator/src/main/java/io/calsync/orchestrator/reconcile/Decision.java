package io.calsync.orchestrator.reconcile;

import io.calsync.contracts.calendar.CalendarCommand;
import io.calsync.contracts.calendar.DeleteEvent;
import io.calsync.contracts.calendar.UpsertEvent;

/** The outcome of {@link CalendarCommandDecider}: a command to send, or none and why. */
public sealed interface Decision {

  DecisionReason reason();

  /** Create or update the task's event. */
  record Upsert(UpsertEvent command, DecisionReason reason) implements Decision {}

  /** Remove the task's event. */
  record Delete(DeleteEvent command, DecisionReason reason) implements Decision {}

  /** Send nothing. */
  record Skip(DecisionReason reason) implements Decision {}

  /** The command to send, or null for a {@link Skip}. */
  default CalendarCommand command() {
    if (this instanceof Upsert upsert) {
      return upsert.command();
    }
    if (this instanceof Delete delete) {
      return delete.command();
    }
    return null;
  }
}
