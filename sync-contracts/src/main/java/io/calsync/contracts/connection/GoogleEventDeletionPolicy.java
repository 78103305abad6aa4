package io.calsync.contracts.connection;

/**
 * What deleting a task does to the event it came from, when that event was created in Google (not
 * by CalSync). No CRM <em>policy</em> (date-only, completion) ever deletes such an event; only the
 * user deleting its task can, and only when this says so.
 */
public enum GoogleEventDeletionPolicy {
  /** Leave the event in Google; the history says it was left alone. The default. */
  KEEP_EVENT,
  /** Delete the event in Google as well. */
  DELETE_EVENT
}
