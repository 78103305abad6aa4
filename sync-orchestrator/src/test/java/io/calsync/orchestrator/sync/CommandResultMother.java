package io.calsync.orchestrator.sync;

import io.calsync.contracts.calendar.CalendarCommand;
import io.calsync.contracts.calendar.CommandApplied;
import io.calsync.contracts.calendar.CommandFailed;
import java.time.Instant;

/** The connector's answers to calendar commands. */
final class CommandResultMother {

  private CommandResultMother() {}

  /** Google wrote the event: its new etag and {@code updated}. */
  static CommandApplied applied(CalendarCommand command, String etag, Instant updated) {
    return new CommandApplied(
        command.commandId(),
        command.userId(),
        command.taskId(),
        command.eventId(),
        etag,
        updated,
        CommandApplied.Action.CREATED);
  }

  static CommandApplied applied(CalendarCommand command, String etag) {
    return applied(command, etag, Instant.now());
  }

  static CommandFailed failed(CalendarCommand command, String reason, boolean retryable) {
    return new CommandFailed(
        command.commandId(),
        command.userId(),
        command.taskId(),
        command.eventId(),
        reason,
        retryable);
  }

  /** Google refused the write with 412: the event changed since the expected etag. */
  static CommandFailed conflict(CalendarCommand command) {
    return failed(command, "412 conditionNotMet: the event changed", false);
  }

  /** token-service has no connection for the user (the connector's reason). */
  static CommandFailed notConnected(CalendarCommand command) {
    return failed(command, CommandResults.NOT_CONNECTED, false);
  }
}
