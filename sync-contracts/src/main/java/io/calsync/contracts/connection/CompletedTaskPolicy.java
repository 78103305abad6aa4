package io.calsync.contracts.connection;

/** What happens to the event of a task that is completed. */
public enum CompletedTaskPolicy {
  /** Keep the event and mark it as done (title prefix). */
  MARK_EVENT,
  /** Delete the event. */
  DELETE_EVENT
}
