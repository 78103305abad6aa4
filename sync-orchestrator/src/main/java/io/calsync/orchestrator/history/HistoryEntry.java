package io.calsync.orchestrator.history;

import io.calsync.orchestrator.merge.ThreeWayMerge;
import java.util.HashMap;
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

  /** A command published for one task and its event; {@code detail} names the command. */
  public static HistoryEntry commandSent(
      String userId,
      Direction direction,
      HistoryAction action,
      String taskId,
      String eventId,
      String reason,
      Map<String, Object> detail,
      String causationId) {
    return new HistoryEntry(
        userId,
        direction,
        action,
        HistoryOutcome.COMMAND_SENT,
        taskId,
        eventId,
        reason,
        detail,
        causationId);
  }

  /**
   * Both sides changed {@code override}'s field and the merge took one side's value: which field,
   * both values and the winner, plus {@code more} (e.g. the change times compared).
   */
  public static HistoryEntry conflictResolved(
      String userId,
      Direction direction,
      String taskId,
      String eventId,
      ThreeWayMerge.Override override,
      Map<String, Object> more,
      String causationId) {
    Map<String, Object> detail = new HashMap<>(more);
    detail.put("field", override.field().name());
    detail.put("taskValue", String.valueOf(override.taskValue()));
    detail.put("eventValue", String.valueOf(override.eventValue()));
    detail.put("winner", override.winner().name());
    return new HistoryEntry(
        userId,
        direction,
        HistoryAction.MERGE,
        HistoryOutcome.CONFLICT_RESOLVED,
        taskId,
        eventId,
        override.describe(),
        detail,
        causationId);
  }

  /**
   * What the connector reported for a calendar command ({@code outcome} {@code APPLIED}, {@code
   * FAILED} or {@code CONFLICT}); {@code what} says it for people.
   */
  public static HistoryEntry commandResult(
      String userId,
      HistoryAction action,
      HistoryOutcome outcome,
      String taskId,
      String eventId,
      String what,
      Map<String, Object> detail,
      String causationId) {
    return new HistoryEntry(
        userId,
        Direction.CRM_TO_GOOGLE,
        action,
        outcome,
        taskId,
        eventId,
        what,
        detail,
        causationId);
  }

  /** Which way the change flows. */
  public enum Direction {
    CRM_TO_GOOGLE,
    GOOGLE_TO_CRM
  }
}
