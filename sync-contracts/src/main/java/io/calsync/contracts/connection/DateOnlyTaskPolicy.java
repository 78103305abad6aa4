package io.calsync.contracts.connection;

/** What happens to a task that has a due date but no due time. */
public enum DateOnlyTaskPolicy {
  /** Do not create an event; the skip is recorded in the sync history. */
  SKIP,
  /** Create an all-day event. */
  ALL_DAY_EVENT
}
