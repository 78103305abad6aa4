package io.calsync.orchestrator.history;

/**
 * How a history line (and a decision's metric tag) ended; the name is what the history API and the
 * {@code sync_history.outcome} column show.
 */
public enum HistoryOutcome {
  /** A command was published. */
  COMMAND_SENT,
  /** Nothing done, and the history says why. */
  SKIPPED,
  /** Nothing done, a metric only (duplicates, echoes, stale versions). */
  IGNORED,
  /** Handed to the deletion guard; nothing sent now. */
  DEFERRED,
  COMPLETED,
  APPLIED,
  FAILED,
  /** Google answered 412 to a command. */
  CONFLICT,
  CONFLICT_RESOLVED,
  HELD,
  KEPT
}
