package io.calsync.orchestrator.history;

/**
 * What a history line (and a decision's metric tag) says sync did; the name is what the history API
 * and the {@code sync_history.action} column show.
 */
public enum HistoryAction {
  /** Nothing was sent. */
  NONE,
  /** A link was recorded without a command. */
  LINK,
  UPSERT_EVENT,
  DELETE_EVENT,
  CREATE_TASK,
  UPDATE_TASK,
  UNLINK_TASK,
  /** Both sides changed the same field; one change won. */
  MERGE,
  /** The tasks not yet in sync were sent after a connect. */
  BACKFILL,
  HOLD_DELETIONS,
  APPLY_DELETIONS,
  KEEP_DELETIONS,
  /** A command result named a command this service never logged. */
  UNKNOWN_COMMAND
}
