package io.calsync.orchestrator.command;

/** The calendar command a decision sends; the names are stored in the database. */
public enum CommandKind {
  UPSERT_EVENT,
  DELETE_EVENT
}
