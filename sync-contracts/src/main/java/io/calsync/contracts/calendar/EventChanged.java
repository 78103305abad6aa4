package io.calsync.contracts.calendar;

import static io.calsync.contracts.ContractViolationException.required;
import static io.calsync.contracts.ContractViolationException.requiredText;

import io.calsync.contracts.ContractMessage;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An event in a user's calendar was created, changed or deleted: the full normalised snapshot as
 * Google returned it. Deletions arrive as {@code status = cancelled}; Google may send nothing but
 * the id for them, so every field except {@code userId}, {@code calendarId}, {@code eventId} and
 * {@code status} is nullable.
 *
 * @param userId owner of the connection; the Kafka key
 * @param calendarId Google calendar id ({@code primary} is resolved to the address)
 * @param eventId Google event id
 * @param etag nullable
 * @param updated nullable: Google's last-modification time
 * @param status confirmed, tentative or cancelled
 * @param summary nullable
 * @param description nullable
 * @param start nullable
 * @param end nullable
 * @param attendees nullable e-mail addresses of the attendees
 * @param recurrence nullable RRULE/EXRULE/RDATE/EXDATE lines of a recurring event
 * @param recurringEventId nullable: set on an instance of a recurring event
 * @param privateExtendedProperties nullable: {@code extendedProperties.private}, e.g. {@code
 *     calsyncTaskId}
 * @param syncKind nullable: from a full or incremental listing
 * @param organizerSelf nullable: whether the calendar's owner organises the event (Google's {@code
 *     organizer.self}); false for an invitation from someone else, which CalSync never writes.
 *     Absent (older producers) counts as true.
 * @param selfResponseStatus nullable: the owner's own answer to the event when they are one of its
 *     attendees ({@code needsAction}, {@code declined}, {@code tentative}, {@code accepted})
 * @param calendarTimeZone nullable: the calendar's time zone (the zone of an all-day event)
 */
public record EventChanged(
    String userId,
    String calendarId,
    String eventId,
    String etag,
    Instant updated,
    EventStatus status,
    String summary,
    String description,
    EventTime start,
    EventTime end,
    List<String> attendees,
    List<String> recurrence,
    String recurringEventId,
    Map<String, String> privateExtendedProperties,
    SyncKind syncKind,
    Boolean organizerSelf,
    String selfResponseStatus,
    String calendarTimeZone)
    implements ContractMessage {

  /** Private extended property naming the attendee who is the task's assignee ("" for none). */
  public static final String ASSIGNEE_PROPERTY = "calsyncAssignee";

  /** Private extended property naming the attendee CalSync added to the event, if any. */
  public static final String ADDED_ATTENDEE_PROPERTY = "calsyncAddedAttendee";

  public EventChanged {
    requiredText(userId, "userId");
    requiredText(calendarId, "calendarId");
    requiredText(eventId, "eventId");
    required(status, "status");
    attendees = attendees == null ? null : List.copyOf(attendees);
    recurrence = recurrence == null ? null : List.copyOf(recurrence);
    privateExtendedProperties =
        privateExtendedProperties == null ? null : Map.copyOf(privateExtendedProperties);
  }

  /** A snapshot without organizer, response status and calendar zone (older producers). */
  public EventChanged(
      String userId,
      String calendarId,
      String eventId,
      String etag,
      Instant updated,
      EventStatus status,
      String summary,
      String description,
      EventTime start,
      EventTime end,
      List<String> attendees,
      List<String> recurrence,
      String recurringEventId,
      Map<String, String> privateExtendedProperties,
      SyncKind syncKind) {
    this(
        userId,
        calendarId,
        eventId,
        etag,
        updated,
        status,
        summary,
        description,
        start,
        end,
        attendees,
        recurrence,
        recurringEventId,
        privateExtendedProperties,
        syncKind,
        null,
        null,
        null);
  }

  /** Whether the calendar's owner organises the event; unknown counts as yes. */
  public boolean organisedByOwner() {
    return organizerSelf == null || organizerSelf;
  }

  /** An invitation the owner has not accepted: not answered yet, or declined. */
  public boolean unacceptedInvitation() {
    return !organisedByOwner()
        && ("needsAction".equals(selfResponseStatus) || "declined".equals(selfResponseStatus));
  }

  /** A deletion as Google reports it in an incremental listing: nothing but the ids. */
  public static EventChanged cancelled(
      String userId, String calendarId, String eventId, SyncKind syncKind) {
    return new EventChanged(
        userId,
        calendarId,
        eventId,
        null,
        null,
        EventStatus.CANCELLED,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        syncKind);
  }

  /** The CalSync task id stamped on events that CalSync created, or null. */
  public String calsyncTaskId() {
    return privateExtendedProperties == null
        ? null
        : privateExtendedProperties.get(UpsertEvent.TASK_ID_PROPERTY);
  }
}
