package io.calsync.contracts.calendar;

import io.calsync.contracts.ContractMessage;

/** Outcome of a {@link CalendarCommand} on {@code calendar.command-results}. */
public sealed interface CommandResult extends ContractMessage
    permits CommandApplied, CommandFailed {

  /** The {@link CalendarCommand#commandId()} this result answers. */
  String commandId();

  String taskId();

  String eventId();
}
