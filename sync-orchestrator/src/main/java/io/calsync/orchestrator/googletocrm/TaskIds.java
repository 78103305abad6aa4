package io.calsync.orchestrator.googletocrm;

import io.calsync.contracts.task.EventTaskIds;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The id of a task created from a calendar event (the published rule {@link EventTaskIds}), and the
 * id of the command that creates it.
 */
final class TaskIds {

  private TaskIds() {}

  static String fromEvent(String userId, String eventId) {
    return EventTaskIds.fromEvent(userId, eventId);
  }

  /** The id of the {@code CreateTaskFromEvent} of an event: the same for every delivery. */
  static String createCommand(String userId, String eventId) {
    return uuid("calsync-create-task\u0000" + userId + "\u0000" + eventId);
  }

  private static String uuid(String name) {
    return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
  }
}
