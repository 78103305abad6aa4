package io.calsync.orchestrator.command;

import io.calsync.orchestrator.history.HistoryAction;

/** The calendar command a decision sends; the names are stored in the database. */
public enum CommandKind {
  UPSERT_EVENT,
  DELETE_EVENT;

  /** The history action of sending a command of this kind. */
  public HistoryAction action() {
    return HistoryAction.valueOf(name());
  }
}
