package io.calsync.task.tasks;

import io.calsync.contracts.ContractViolationException;
import io.calsync.contracts.task.EventTaskIds;
import java.util.UUID;

/** Task ids that commands name or imply. */
public final class TaskIds {

  private TaskIds() {}

  /** The id of the task created from a calendar event: the published rule {@link EventTaskIds}. */
  public static UUID fromEvent(String userId, String eventId) {
    return UUID.fromString(EventTaskIds.fromEvent(userId, eventId));
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
