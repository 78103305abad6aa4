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

  /** A line about one task and its event (either may be null). */
  public static HistoryEntry ofLink(
      String userId,
      Direction direction,
      HistoryAction action,
      HistoryOutcome outcome,
      String taskId,
      String eventId,
      String reason,
      Map<String, Object> detail,
      String causationId) {
    return new HistoryEntry(
        userId, direction, action, outcome, taskId, eventId, reason, detail, causationId);
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
    return ofLink(
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

  /** Both sides changed a field of one task and its event; {@code reason} says which change won. */
  public static HistoryEntry conflictResolved(
      String userId,
      Direction direction,
      String taskId,
      String eventId,
      String reason,
      Map<String, Object> detail,
      String causationId) {
    return ofLink(
        userId,
        direction,
        HistoryAction.MERGE,
        HistoryOutcome.CONFLICT_RESOLVED,
        taskId,
        eventId,
        reason,
        detail,
        causationId);
  }

  /** A line about many tasks and events at once (a backfill, a deletion hold). */
  public static HistoryEntry ofUser(
      String userId,
      Direction direction,
      HistoryAction action,
      HistoryOutcome outcome,
      String reason,
      Map<String, Object> detail,
      String causationId) {
    return ofLink(userId, direction, action, outcome, null, null, reason, detail, causationId);
  }

  /** Which way the change flows. */
  public enum Direction {
    CRM_TO_GOOGLE,
    GOOGLE_TO_CRM
  }
}
