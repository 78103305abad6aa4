package io.calsync.contracts.task;

import io.calsync.contracts.ContractMessage;

/**
 * A command on {@code crm.task-commands}: the orchestrator asks task-service to change a task
 * because its linked calendar event changed. task-service applies each {@link #commandId()} at most
 * once and publishes the resulting {@link TaskEvent} with {@code origin = "calendar-sync"} and
 * {@code causationId = commandId}.
 */
public sealed interface TaskCommand extends ContractMessage
    permits CreateTaskFromEvent, UpdateTaskFromEvent, UnlinkTaskFromEvent {

  /** Unique id of this command; the idempotency key of task-service. */
  String commandId();

  String calendarId();

  String eventId();
}
