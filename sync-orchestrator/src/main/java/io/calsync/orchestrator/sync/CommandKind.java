package io.calsync.orchestrator.sync;

/** The calendar command a decision sends; the names are stored in the database. */
enum CommandKind {
  UPSERT_EVENT,
  DELETE_EVENT
}
