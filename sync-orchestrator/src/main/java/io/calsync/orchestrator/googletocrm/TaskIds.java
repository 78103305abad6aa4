package io.calsync.orchestrator.googletocrm;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The id of a task created from a calendar event, derived from {@code (userId, eventId)}, and the
 * id of the command that creates it. task-service derives the same task id (docs/google-to-crm.md,
 * "Task ids"), so a redelivered or replayed create, or one sent again after the orchestrator lost
 * its link, names the same task and can never make a second one.
 */
final class TaskIds {

  private TaskIds() {}

  /**
   * A name-based (version 3) UUID of {@code "calsync-task-from-event" NUL userId NUL eventId}. The
   * calendar id is left out on purpose: only the primary calendar is synchronised, and it is known
   * both as {@code primary} and as the account's address.
   */
  static String fromEvent(String userId, String eventId) {
    return uuid("calsync-task-from-event\u0000" + userId + "\u0000" + eventId);
  }

  /** The id of the {@code CreateTaskFromEvent} of an event: the same for every delivery. */
  static String createCommand(String userId, String eventId) {
    return uuid("calsync-create-task\u0000" + userId + "\u0000" + eventId);
  }

  private static String uuid(String name) {
    return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
  }
}
