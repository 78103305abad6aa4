package io.calsync.contracts.calendar;

import io.calsync.contracts.ContractViolationException;
import java.time.LocalDate;
import java.time.OffsetDateTime;

/**
 * Start or end of an event, shaped like Google's {@code EventDateTime}: exactly one of {@code date}
 * (all-day) and {@code dateTime} (RFC 3339 with offset) is set; {@code timeZone} is the IANA zone
 * the time was meant in, nullable.
 */
public record EventTime(LocalDate date, OffsetDateTime dateTime, String timeZone) {

  public EventTime {
    if ((date == null) == (dateTime == null)) {
      throw new ContractViolationException(
          "exactly one of fields `date` and `dateTime` must be set in an event time");
    }
  }

  /** An all-day start or end. */
  public static EventTime ofDate(LocalDate date) {
    return new EventTime(date, null, null);
  }

  /** A timed start or end, meant in {@code timeZone}. */
  public static EventTime ofDateTime(OffsetDateTime dateTime, String timeZone) {
    return new EventTime(null, dateTime, timeZone);
  }
}
