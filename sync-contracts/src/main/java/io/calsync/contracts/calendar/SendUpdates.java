package io.calsync.contracts.calendar;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Google's {@code sendUpdates} parameter: who receives invitation e-mails for a write. CalSync
 * writes with {@link #NONE} unless the user opted in, to avoid invitation storms.
 */
public enum SendUpdates {
  @JsonProperty("none")
  NONE,
  @JsonProperty("all")
  ALL,
  @JsonProperty("externalOnly")
  EXTERNAL_ONLY
}
