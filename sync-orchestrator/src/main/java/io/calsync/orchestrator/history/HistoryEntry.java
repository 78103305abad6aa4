package io.calsync.orchestrator.history;

import java.util.Map;

/**
 * One line of a user's sync history: what sync did or decided not to do, why, and how it ended.
 *
 * @param action what, e.g. {@code UPSERT_EVENT}, {@code DELETE_EVENT}, {@code NONE}
 * @param outcome how it ended, e.g. {@code COMMAND_SENT}, {@code SKIPPED}, {@code APPLIED}, {@code
 *     FAILED}, {@code CONFLICT}
 * @param taskId nullable
 * @param eventId nullable
 * @param reason nullable: why, for people
 * @param detail machine-readable context (command id, task version, reason code, ...)
 * @param causationId nullable: {@code ce_id} of the message that caused the entry
 */
public record HistoryEntry(
    String userId,
    Direction direction,
    String action,
    String outcome,
    String taskId,
    String eventId,
    String reason,
    Map<String, Object> detail,
    String causationId) {

  public HistoryEntry {
    detail = detail == null ? Map.of() : Map.copyOf(detail);
  }

  /** Which way the change flows. */
  public enum Direction {
    CRM_TO_GOOGLE,
    GOOGLE_TO_CRM
  }
}
