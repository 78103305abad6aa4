package io.calsync.contracts.calendar;

/** Whether an {@link EventChanged} came from a full listing or an incremental (sync token) one. */
public enum SyncKind {
  FULL,
  INCREMENTAL
}
