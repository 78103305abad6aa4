package io.calsync.emulator.calendar;

import io.calsync.emulator.wire.GoogleApiException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** RFC 3339 timestamps the way Google writes them (UTC, millisecond precision). */
final class Rfc3339 {

  private static final DateTimeFormatter MILLIS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private Rfc3339() {}

  static String format(Instant instant) {
    return MILLIS.format(instant);
  }

  static Instant parseParameter(String name, String value) {
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      throw GoogleApiException.invalidParameter(name, "Bad Request");
    }
  }
}
