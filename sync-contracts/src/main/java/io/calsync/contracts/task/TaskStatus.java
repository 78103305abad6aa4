package io.calsync.contracts.task;

/** Status of a CRM task. */
public enum TaskStatus {
  OPEN,
  COMPLETED
}
