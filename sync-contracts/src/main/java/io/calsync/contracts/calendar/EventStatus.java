package io.calsync.contracts.calendar;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Google's event status, with Google's lower-case spelling on the wire. */
public enum EventStatus {
  @JsonProperty("confirmed")
  CONFIRMED,
  @JsonProperty("tentative")
  TENTATIVE,
  @JsonProperty("cancelled")
  CANCELLED
}
