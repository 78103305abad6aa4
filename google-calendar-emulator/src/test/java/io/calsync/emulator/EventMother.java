package io.calsync.emulator;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.api.client.util.DateTime;
import com.google.api.services.calendar.model.Event;
import com.google.api.services.calendar.model.EventDateTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** Test events built with the Google client's model classes (and control-API bodies). */
final class EventMother {

  static final Instant TOMORROW_NINE =
      Instant.now().truncatedTo(ChronoUnit.DAYS).plus(1, ChronoUnit.DAYS).plus(9, ChronoUnit.HOURS);

  private EventMother() {}

  static Event meeting(String summary) {
    return meetingAt(summary, TOMORROW_NINE);
  }

  static Event meetingAt(String summary, Instant start) {
    return new Event()
        .setSummary(summary)
        .setStart(
            new EventDateTime()
                .setDateTime(new DateTime(start.toEpochMilli()))
                .setTimeZone("Europe/Berlin"))
        .setEnd(
            new EventDateTime()
                .setDateTime(new DateTime(start.plus(30, ChronoUnit.MINUTES).toEpochMilli()))
                .setTimeZone("Europe/Berlin"));
  }

  static Event recurring(String summary, Instant start, String rrule) {
    return meetingAt(summary, start).setRecurrence(List.of(rrule));
  }

  /**
   * A control-API body for an invitation {@code organizer} sent to the account, tomorrow at nine:
   * the organizer created it in their own calendar, the account is a guest.
   */
  static ObjectNode invitationFrom(String organizer, String summary) {
    ObjectNode event = JsonNodeFactory.instance.objectNode().put("summary", summary);
    event.putObject("organizer").put("email", organizer).put("displayName", "Organizer");
    event.putObject("start").put("dateTime", TOMORROW_NINE.toString());
    event.putObject("end").put("dateTime", TOMORROW_NINE.plus(1, ChronoUnit.HOURS).toString());
    return event;
  }
}
