package io.calsync.contracts.calendar;

import io.calsync.contracts.ContractMessage;

/**
 * A command on {@code calendar.commands}: the orchestrator asks the connector to write to Google.
 * The connector answers every command with exactly one {@link CommandResult} carrying the same
 * {@link #commandId()}.
 */
public sealed interface CalendarCommand extends ContractMessage permits UpsertEvent, DeleteEvent {

  String commandId();

  String taskId();

  String calendarId();

  String eventId();

  /** Nullable: when set, the write is conditional ({@code If-Match}); a mismatch fails with 412. */
  String expectedEtag();
}
