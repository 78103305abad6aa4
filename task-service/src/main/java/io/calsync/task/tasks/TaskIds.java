package io.calsync.task.tasks;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.calsync.contracts.ContractViolationException;
import java.util.UUID;

/** Task ids that commands name or imply. */
public final class TaskIds {

  private TaskIds() {}

  /**
   * The id of the task created from a calendar event, as docs/google-to-crm.md ("Task ids") defines
   * it and the orchestrator derives it: a name-based (version 3) UUID of the user and the event.
   * The calendar is left out because the primary calendar is known both as {@code primary} and as
   * the account's address.
   */
  public static UUID fromEvent(String userId, String eventId) {
    return UUID.nameUUIDFromBytes(
        ("calsync-task-from-event" + "\u0000" + userId + "\u0000" + eventId).getBytes(UTF_8));
  }

  /** A task id of a command; one that is not a UUID can never name a task here. */
  public static UUID parse(String taskId) {
    try {
      return UUID.fromString(taskId);
    } catch (IllegalArgumentException e) {
      throw new ContractViolationException("taskId `" + taskId + "` is not a UUID", e);
    }
  }
}
