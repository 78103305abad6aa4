package io.calsync.orchestrator.history;

import java.util.Map;

/**
 * One line of a user's sync history: what sync did or decided not to do, why, and how it ended.
 *
 * @param taskId nullable
 * @param eventId nullable
 * @param reason nullable: why, for people
 * @param detail machine-readable context (command id, task version, reason code, ...)
 * @param causationId nullable: {@code ce_id} of the message that caused the entry
 */
public record HistoryEntry(
    String userId,
    Direction direction,
    HistoryAction action,
    HistoryOutcome outcome,
    String taskId,
    String eventId,
    String reason,
    Map<String, Object> detail,
    String causationId) {

  public HistoryEntry {
    detail = detail == null ? Map.of() : Map.copyOf(detail);
  }

  /** A line about nothing in particular being done to one task and its event, with why. */
  public static HistoryEntry skipped(
      String userId,
      Direction direction,
      String taskId,
      String eventId,
      String reason,
      Map<String, Object> detail,
      String causationId) {
    return new HistoryEntry(
        userId,
        direction,
        HistoryAction.NONE,
        HistoryOutcome.SKIPPED,
        taskId,
        eventId,
        reason,
        detail,
        causationId);
  }

  /** Which way the change flows. */
  public enum Direction {
    CRM_TO_GOOGLE,
    GOOGLE_TO_CRM
  }
}
