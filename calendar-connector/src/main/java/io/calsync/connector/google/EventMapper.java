package io.calsync.connector.google;

import com.google.api.client.util.DateTime;
import com.google.api.services.calendar.model.Event;
import com.google.api.services.calendar.model.EventAttendee;
import com.google.api.services.calendar.model.EventDateTime;
import io.calsync.contracts.calendar.EventChanged;
import io.calsync.contracts.calendar.EventStatus;
import io.calsync.contracts.calendar.EventTime;
import io.calsync.contracts.calendar.SyncKind;
import io.calsync.contracts.calendar.UpsertEvent;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** Between the contract's records and the Calendar client's {@link Event}. */
public final class EventMapper {

  private EventMapper() {}

  /**
   * The Google event an {@link UpsertEvent} asks for: id, summary, description, start and end,
   * attendees and {@code extendedProperties.private}. As {@code events.update} replaces the whole
   * resource, fields the command leaves empty are cleared in Google too.
   */
  public static Event toGoogle(UpsertEvent command) {
    return new Event()
        .setId(command.eventId())
        .setSummary(command.summary())
        .setDescription(command.description())
        .setStart(toGoogle(command.start()))
        .setEnd(toGoogle(command.end()))
        .setAttendees(
            command.attendees().stream().map(email -> new EventAttendee().setEmail(email)).toList())
        .setExtendedProperties(
            new Event.ExtendedProperties()
                .setPrivate(new HashMap<>(command.privateExtendedProperties())));
  }

  public static EventDateTime toGoogle(EventTime time) {
    if (time.date() != null) {
      return new EventDateTime().setDate(new DateTime(true, toEpochMillis(time.date()), 0));
    }
    OffsetDateTime dateTime = time.dateTime();
    return new EventDateTime()
        .setDateTime(
            new DateTime(
                dateTime.toInstant().toEpochMilli(), dateTime.getOffset().getTotalSeconds() / 60))
        .setTimeZone(time.timeZone());
  }

  /** The private {@code calsyncTaskId} property of a Google event, or null. */
  public static String calsyncTaskId(Event event) {
    return event.getExtendedProperties() == null
            || event.getExtendedProperties().getPrivate() == null
        ? null
        : event.getExtendedProperties().getPrivate().get(UpsertEvent.TASK_ID_PROPERTY);
  }

  /**
   * The normalised snapshot of a Google event as read after a conflict. {@code primary} is resolved
   * to the calendar's address when Google names the user as organizer.
   */
  public static EventChanged toEventChanged(String userId, String calendarId, Event event) {
    return toEventChanged(userId, calendarId, event, null);
  }

  /**
   * The normalised snapshot of a listed Google event. A cancelled item of an incremental listing
   * may carry nothing but its id (and etag); every other field is then null.
   */
  public static EventChanged toEventChanged(
      String userId, String calendarId, Event event, SyncKind syncKind) {
    return new EventChanged(
        userId,
        resolveCalendarId(calendarId, event),
        event.getId(),
        event.getEtag(),
        event.getUpdated() == null ? null : Instant.ofEpochMilli(event.getUpdated().getValue()),
        status(event.getStatus()),
        event.getSummary(),
        event.getDescription(),
        toContract(event.getStart()),
        toContract(event.getEnd()),
        event.getAttendees() == null
            ? null
            : event.getAttendees().stream().map(EventAttendee::getEmail).toList(),
        event.getRecurrence(),
        event.getRecurringEventId(),
        privateProperties(event),
        syncKind);
  }

  public static EventTime toContract(EventDateTime time) {
    if (time == null) {
      return null;
    }
    if (time.getDate() != null) {
      return EventTime.ofDate(LocalDate.parse(time.getDate().toStringRfc3339()));
    }
    if (time.getDateTime() == null) {
      return null;
    }
    DateTime dateTime = time.getDateTime();
    return EventTime.ofDateTime(
        OffsetDateTime.ofInstant(
            Instant.ofEpochMilli(dateTime.getValue()),
            ZoneOffset.ofTotalSeconds(dateTime.getTimeZoneShift() * 60)),
        time.getTimeZone());
  }

  private static long toEpochMillis(LocalDate date) {
    return date.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
  }

  private static String resolveCalendarId(String calendarId, Event event) {
    if ("primary".equals(calendarId)
        && event.getOrganizer() != null
        && Boolean.TRUE.equals(event.getOrganizer().getSelf())
        && event.getOrganizer().getEmail() != null) {
      return event.getOrganizer().getEmail();
    }
    return calendarId;
  }

  private static EventStatus status(String status) {
    if (status == null) {
      return EventStatus.CONFIRMED;
    }
    return EventStatus.valueOf(status.toUpperCase(Locale.ROOT));
  }

  private static Map<String, String> privateProperties(Event event) {
    if (event.getExtendedProperties() == null
        || event.getExtendedProperties().getPrivate() == null) {
      return null;
    }
    return Map.copyOf(event.getExtendedProperties().getPrivate());
  }
}
