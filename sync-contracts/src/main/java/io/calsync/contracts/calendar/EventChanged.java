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
    SyncKind syncKind)
    implements ContractMessage {

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
