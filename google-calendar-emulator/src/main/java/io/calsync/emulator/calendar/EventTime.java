package io.calsync.emulator.calendar;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.calsync.emulator.wire.GoogleApiException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * An event's {@code start}/{@code end}: either an all-day {@code date} or a {@code dateTime} (with
 * an offset, or local time plus {@code timeZone}). {@code zoned} is the time in the zone the event
 * lives in, which recurrence expansion steps through.
 */
record EventTime(ZonedDateTime zoned, boolean allDay, String timeZone) {

  private static final DateTimeFormatter DATE_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");

  Instant instant() {
    return zoned.toInstant();
  }

  static EventTime parse(JsonNode node, String field, ZoneId calendarZone) {
    if (node == null
        || !node.isObject()
        || (!node.hasNonNull("date") && !node.hasNonNull("dateTime"))) {
      throw GoogleApiException.required("Missing " + field + " time.");
    }
    String timeZone = node.hasNonNull("timeZone") ? node.get("timeZone").asText() : null;
    ZoneId zone;
    try {
      zone = timeZone == null ? calendarZone : ZoneId.of(timeZone);
    } catch (DateTimeException e) {
      throw GoogleApiException.invalid("Invalid time zone definition for " + field + " time.");
    }
    try {
      if (node.hasNonNull("date")) {
        return new EventTime(
            LocalDate.parse(node.get("date").asText()).atStartOfDay(zone), true, timeZone);
      }
      String text = node.get("dateTime").asText();
      try {
        OffsetDateTime offset = OffsetDateTime.parse(text);
        return new EventTime(offset.atZoneSameInstant(zone), false, timeZone);
      } catch (DateTimeParseException noOffset) {
        if (timeZone == null) {
          throw GoogleApiException.invalid("Missing time zone definition for " + field + " time.");
        }
        return new EventTime(LocalDateTime.parse(text).atZone(zone), false, timeZone);
      }
    } catch (DateTimeParseException e) {
      throw GoogleApiException.invalid("Invalid " + field + " time.");
    }
  }

  /** Google's rendering: dateTime in the event's (or calendar's) zone, without fractions. */
  ObjectNode toJson() {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    if (allDay) {
      node.put("date", zoned.toLocalDate().toString());
    } else {
      node.put("dateTime", DATE_TIME.format(zoned));
    }
    if (timeZone != null) {
      node.put("timeZone", timeZone);
    }
    return node;
  }

  EventTime at(ZonedDateTime other) {
    return new EventTime(other, allDay, timeZone);
  }
}
