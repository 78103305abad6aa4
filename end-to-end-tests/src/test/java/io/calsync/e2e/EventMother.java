package io.calsync.e2e;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/** Google Calendar events as a user creates them in Google's UI (control API bodies). */
final class EventMother {

  static final String ZONE = "Europe/Berlin";
  static final LocalDate START_DATE = LocalDate.of(2030, 4, 10);
  static final LocalTime START_TIME = LocalTime.of(9, 15);

  private EventMother() {}

  /** Starting at {@link #START_DATE} {@link #START_TIME} in Berlin, an hour long. */
  static ObjectNode future(String summary, String description) {
    ObjectNode event =
        at(summary, LocalDateTime.of(START_DATE, START_TIME).atZone(ZoneId.of(ZONE)));
    if (description != null) {
      event.put("description", description);
    }
    return event;
  }

  static ObjectNode at(String summary, ZonedDateTime start) {
    ObjectNode event = Api.JSON.createObjectNode().put("summary", summary);
    event.set("start", dateTime(start));
    event.set("end", dateTime(start.plusHours(1)));
    return event;
  }

  /** A {@code start}/{@code end} value: date-time with offset, and the zone. */
  static ObjectNode dateTime(ZonedDateTime time) {
    return Api.JSON
        .createObjectNode()
        .put("dateTime", time.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME))
        .put("timeZone", time.getZone().getId());
  }

  /** A weekly series starting like {@link #future}, five occurrences. */
  static ObjectNode weekly(String summary) {
    ObjectNode event = future(summary, null);
    event.putArray("recurrence").add("RRULE:FREQ=WEEKLY;COUNT=5");
    return event;
  }
}
