package io.calsync.connector.google;

import com.google.api.client.util.Data;
import com.google.api.client.util.DateTime;
import com.google.api.services.calendar.model.Event;
import com.google.api.services.calendar.model.EventAttendee;
import com.google.api.services.calendar.model.EventDateTime;
import io.calsync.contracts.calendar.AssigneeAttendee;
import io.calsync.contracts.calendar.EventChanged;
import io.calsync.contracts.calendar.EventField;
import io.calsync.contracts.calendar.EventStatus;
import io.calsync.contracts.calendar.EventTime;
import io.calsync.contracts.calendar.SyncKind;
import io.calsync.contracts.calendar.UpsertEvent;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Between the contract's records and the Calendar client's {@link Event}. */
public final class EventMapper {

  private EventMapper() {}

  /**
   * The new Google event an {@link UpsertEvent} asks for (an insert): id, summary, description,
   * start and end, the assignee as attendee and {@code extendedProperties.private}.
   */
  public static Event toGoogle(UpsertEvent command) {
    AssigneeAttendee.Result assignee = AssigneeAttendee.write(List.of(), null, assignee(command));
    return new Event()
        .setId(command.eventId())
        .setSummary(command.summary())
        .setDescription(command.description())
        .setStart(toGoogle(command.start()))
        .setEnd(toGoogle(command.end()))
        .setAttendees(
            assignee.attendees().stream()
                .map(email -> new EventAttendee().setEmail(email))
                .toList())
        .setExtendedProperties(
            new Event.ExtendedProperties().setPrivate(privateProperties(command, assignee)));
  }

  /**
   * The body of an {@code events.patch} of an existing event: only the mapped fields the command
   * sets ({@link UpsertEvent#fields()}) and CalSync's own private properties. Google merges nested
   * objects of a patch and keeps every field the body leaves out, so location, conference data,
   * reminders, colour, other applications' properties and the rest stay as they are. Arrays are
   * replaced whole, which is why the attendees are rebuilt from {@code current}: every attendee
   * object stays as Google returned it, and only the assignee's entry is added or removed ({@link
   * AssigneeAttendee}). Start and end name the other form's field as null, so an all-day event that
   * becomes timed (or back) carries no stale {@code date}/{@code dateTime}.
   *
   * @param current the event as just read; needed (non-null) only when the command sets {@link
   *     EventField#ASSIGNEE}
   */
  public static Event toPatch(UpsertEvent command, Event current) {
    Event patch = new Event();
    if (command.sets(EventField.SUMMARY)) {
      patch.setSummary(command.summary());
    }
    if (command.sets(EventField.DESCRIPTION)) {
      patch.setDescription(
          command.description() == null ? Data.NULL_STRING : command.description());
    }
    if (command.sets(EventField.TIME)) {
      patch.setStart(toPatch(command.start()));
      patch.setEnd(toPatch(command.end()));
    }
    Map<String, String> properties = new HashMap<>(command.privateExtendedProperties());
    if (command.sets(EventField.ASSIGNEE)) {
      List<EventAttendee> attendees =
          current == null || current.getAttendees() == null ? List.of() : current.getAttendees();
      AssigneeAttendee.Result assignee =
          AssigneeAttendee.write(
              attendees.stream().map(EventAttendee::getEmail).toList(),
              privateProperty(current, EventChanged.ADDED_ATTENDEE_PROPERTY),
              assignee(command));
      List<EventAttendee> next = new ArrayList<>();
      for (String email : assignee.attendees()) {
        next.add(
            attendees.stream()
                .filter(a -> email.equals(a.getEmail()))
                .findFirst()
                .orElseGet(() -> new EventAttendee().setEmail(email)));
      }
      patch.setAttendees(next);
      properties.putAll(assignee.properties());
    }
    return patch.setExtendedProperties(new Event.ExtendedProperties().setPrivate(properties));
  }

  private static String assignee(UpsertEvent command) {
    return command.attendees().isEmpty() ? null : command.attendees().get(0);
  }

  private static Map<String, String> privateProperties(
      UpsertEvent command, AssigneeAttendee.Result assignee) {
    Map<String, String> properties = new HashMap<>(command.privateExtendedProperties());
    properties.putAll(assignee.properties());
    return properties;
  }

  private static EventDateTime toPatch(EventTime time) {
    EventDateTime value = toGoogle(time);
    if (time.date() != null) {
      return value.setDateTime(Data.nullOf(DateTime.class)).setTimeZone(Data.NULL_STRING);
    }
    return value.setDate(Data.nullOf(DateTime.class));
  }

  private static String privateProperty(Event event, String name) {
    return event == null
            || event.getExtendedProperties() == null
            || event.getExtendedProperties().getPrivate() == null
        ? null
        : event.getExtendedProperties().getPrivate().get(name);
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
    return privateProperty(event, UpsertEvent.TASK_ID_PROPERTY);
  }

  /** Whether the calendar's owner organises the event (an invitation from someone else: no). */
  public static boolean organisedByOwner(Event event) {
    return event.getOrganizer() == null || Boolean.TRUE.equals(event.getOrganizer().getSelf());
  }

  /**
   * The normalised snapshot of a Google event as read after a conflict. {@code primary} is resolved
   * to the calendar's address when Google names the user as organizer.
   */
  public static EventChanged toEventChanged(String userId, String calendarId, Event event) {
    return toEventChanged(userId, calendarId, event, null, null);
  }

  /**
   * The normalised snapshot of a listed Google event. A cancelled item of an incremental listing
   * may carry nothing but its id (and etag); every other field is then null.
   *
   * @param calendarTimeZone nullable: the listed calendar's time zone ({@code Events.timeZone})
   */
  public static EventChanged toEventChanged(
      String userId, String calendarId, Event event, SyncKind syncKind, String calendarTimeZone) {
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
        syncKind,
        event.getOrganizer() == null ? null : organisedByOwner(event),
        selfResponseStatus(event),
        calendarTimeZone);
  }

  /** The owner's own answer, when they are one of the event's attendees. */
  private static String selfResponseStatus(Event event) {
    if (event.getAttendees() == null) {
      return null;
    }
    return event.getAttendees().stream()
        .filter(attendee -> Boolean.TRUE.equals(attendee.getSelf()))
        .map(EventAttendee::getResponseStatus)
        .findFirst()
        .orElse(null);
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
