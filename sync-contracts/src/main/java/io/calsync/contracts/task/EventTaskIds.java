package io.calsync.contracts.task;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The published rule for the id of a task created from a calendar event (docs/google-to-crm.md,
 * "Task ids"): task-service names the task it creates with it and the orchestrator expects it, so a
 * redelivered or replayed create, or one sent again after the orchestrator lost its link, names the
 * same task and can never make a second one. It also tells a Google-born task from a CRM-born one.
 */
public final class EventTaskIds {

  private EventTaskIds() {}

  /**
   * A name-based (version 3) UUID of {@code "calsync-task-from-event" NUL userId NUL eventId}. The
   * calendar id is left out on purpose: the primary calendar is known both as {@code primary} and
   * as the account's address.
   */
  public static String fromEvent(String userId, String eventId) {
    return UUID.nameUUIDFromBytes(
            ("calsync-task-from-event\u0000" + userId + "\u0000" + eventId)
                .getBytes(StandardCharsets.UTF_8))
        .toString();
  }

  /** Whether {@code taskId} is the task created from {@code eventId} (the event was first). */
  public static boolean createdFrom(String userId, String taskId, String eventId) {
    return taskId != null && eventId != null && taskId.equals(fromEvent(userId, eventId));
  }
}
