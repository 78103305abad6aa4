package io.calsync.contracts.connection;

/** Direction of synchronisation for one user. */
public enum SyncMode {
  TWO_WAY,
  CRM_TO_GOOGLE,
  GOOGLE_TO_CRM,
  PAUSED
}
