package io.calsync.orchestrator.sync;

import io.calsync.contracts.calendar.EventChanged;
import io.calsync.contracts.calendar.EventStatus;
import io.calsync.contracts.calendar.EventTime;
import io.calsync.contracts.calendar.SyncKind;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Event changes as the connector publishes them; each call starts a new event of a new user. */
final class EventChangeMother {

  static final String ZONE = "Europe/Berlin";

  private EventChangeMother() {}

  /**
   * A confirmed single event of a fresh user on the primary calendar, starting at {@code start}.
   */
  static Event startingAt(ZonedDateTime start) {
    Event event = new Event();
    event.start = EventTime.ofDateTime(start.toOffsetDateTime(), start.getZone().getId());
    event.end = EventTime.ofDateTime(start.plusMinutes(30).toOffsetDateTime(), ZONE);
    return event;
  }

  /** Tomorrow at the given time in {@value #ZONE}. */
  static Event tomorrowAt(int hour, int minute) {
    return startingAt(
        LocalDate.now(ZoneId.of(ZONE)).plusDays(1).atTime(hour, minute).atZone(ZoneId.of(ZONE)));
  }

  /** A mutable event snapshot that becomes an {@link EventChanged}. */
  static final class Event {
    String userId = "user-" + UUID.randomUUID();
    String calendarId = ConnectionMother.OWNER_EMAIL;
    String eventId = "g" + UUID.randomUUID().toString().replace("-", "");
    String summary = "Dentist";
    String description = "Bring the insurance card.";
    EventTime start;
    EventTime end;
    List<String> attendees = new ArrayList<>();
    List<String> recurrence;
    Map<String, String> properties = new HashMap<>();
    EventStatus status = EventStatus.CONFIRMED;
    int revision = 1;
    Instant updated = Instant.parse("2026-11-27T10:00:00Z");

    Event of(String userId) {
      this.userId = userId;
      return this;
    }

    Event id(String eventId) {
      this.eventId = eventId;
      return this;
    }

    Event titled(String summary) {
      this.summary = summary;
      return this;
    }

    Event described(String description) {
      this.description = description;
      return this;
    }

    Event allDayOn(LocalDate date) {
      this.start = EventTime.ofDate(date);
      this.end = EventTime.ofDate(date.plusDays(1));
      return this;
    }

    Event at(OffsetDateTime start) {
      this.start = EventTime.ofDateTime(start, ZONE);
      this.end = EventTime.ofDateTime(start.plusMinutes(30), ZONE);
      return this;
    }

    Event withAttendee(String email) {
      this.attendees.add(email);
      return this;
    }

    Event recurring(String rule) {
      this.recurrence = List.of(rule);
      return this;
    }

    Event stampedWith(String taskId) {
      this.properties.put("calsyncTaskId", taskId);
      return this;
    }

    Event onCalendar(String calendarId) {
      this.calendarId = calendarId;
      return this;
    }

    /** The next revision, changed {@code seconds} later. */
    Event next(int seconds) {
      this.revision++;
      this.updated = updated.plusSeconds(seconds);
      return this;
    }

    Event updatedAt(Instant updated) {
      this.updated = updated;
      return this;
    }

    String etag() {
      return "\"" + eventId.hashCode() + "-" + revision + "\"";
    }

    EventChanged changed() {
      return new EventChanged(
          userId,
          calendarId,
          eventId,
          etag(),
          updated,
          status,
          summary,
          description,
          start,
          end,
          attendees,
          recurrence,
          null,
          properties,
          SyncKind.INCREMENTAL);
    }

    EventChanged cancelled() {
      revision++;
      return EventChanged.cancelled(userId, calendarId, eventId, SyncKind.INCREMENTAL);
    }
  }
}
