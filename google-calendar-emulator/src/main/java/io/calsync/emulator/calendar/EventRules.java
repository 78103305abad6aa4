package io.calsync.emulator.calendar;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.calsync.emulator.wire.GoogleApiException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.http.HttpStatus;

/**
 * The pure rules of event writes: which fields a client may set, how a patch merges, how the
 * server-owned fields ({@code etag}, {@code updated}, {@code sequence}, {@code organizer}, ...)
 * evolve, and what an attendee may not change on a copy of an event someone else organizes.
 */
final class EventRules {

  /**
   * Fields the server owns; values sent by clients are ignored. The reference marks {@code
   * creator}, {@code organizer} ("read-only, except when importing an event"), {@code hangoutLink}
   * and {@code locked} read-only; {@code eventType} "cannot be modified after the event is
   * created".
   */
  private static final Set<String> READ_ONLY =
      Set.of(
          "kind",
          "etag",
          "htmlLink",
          "created",
          "updated",
          "creator",
          "organizer",
          "hangoutLink",
          "locked",
          "sequence",
          "iCalUID",
          "eventType");

  /**
   * Fields a request may only change when it says it supports them ({@code
   * conferenceDataVersion=1}, {@code supportsAttachments=true}); otherwise the body's value is
   * ignored and the stored one kept.
   */
  private static final Set<String> GATED = Set.of("conferenceData", "attachments");

  /** Server fields that change on every write and so say nothing about what the write changed. */
  private static final Set<String> VOLATILE = Set.of("etag", "updated", "sequence");

  /**
   * What a write may do beyond its body: the {@code conferenceDataVersion} and {@code
   * supportsAttachments} it was sent with; for an insert through the control API, the organizer of
   * an invitation ({@code invitedBy}, null: the calendar owner organizes); and whether the
   * organizer writes ({@code organizerAuthority}, control API only), which lifts the attendee-copy
   * rules.
   */
  record WriteContext(
      int conferenceDataVersion,
      boolean supportsAttachments,
      ObjectNode invitedBy,
      boolean organizerAuthority) {

    /**
     * A Calendar API write without {@code conferenceDataVersion} or {@code supportsAttachments}.
     */
    static final WriteContext API_DEFAULTS = new WriteContext(0, false, null, false);
  }

  /**
   * Changes that bump {@code sequence}. RFC 5545 lists the scheduling properties (start, end,
   * recurrence, status); Google also bumps it when summary or location change, because those
   * changes are sent to attendees as updated invitations.
   */
  private static final Set<String> SIGNIFICANT =
      Set.of("start", "end", "recurrence", "status", "summary", "location");

  private EventRules() {}

  /** Google's etag for a write at {@code micros}: a quoted decimal string. */
  static String etag(long micros) {
    return "\"" + micros + "\"";
  }

  static Instant instant(long micros) {
    return Instant.ofEpochSecond(micros / 1_000_000, (micros % 1_000_000) * 1_000);
  }

  /** Whether {@code ifMatch} (an If-Match header value) matches the current etag. */
  static boolean matches(String ifMatch, String etag) {
    if (ifMatch == null || ifMatch.isBlank() || ifMatch.trim().equals("*")) {
      return true;
    }
    for (String candidate : ifMatch.split(",")) {
      String c = candidate.trim();
      if (c.startsWith("W/")) {
        c = c.substring(2);
      }
      if (c.equals(etag) || ("\"" + c + "\"").equals(etag)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Builds the stored resource of a write: the client's fields (minus read-only ones, and minus the
   * gated ones the request does not support) plus the server-owned fields. {@code previous} is null
   * for an insert; for an update it is the stored version, whose organizer, creator and gated
   * fields carry over.
   */
  static ObjectNode build(
      ObjectNode body,
      ObjectNode previous,
      String calendarId,
      String eventId,
      long micros,
      ZoneId calendarZone,
      WriteContext context) {
    EventTime start = EventTime.parse(body.get("start"), "start", calendarZone);
    EventTime end = EventTime.parse(body.get("end"), "end", calendarZone);
    if (start.allDay() != end.allDay()) {
      throw GoogleApiException.invalid(
          "Start and end times must either both be date or both be dateTime.");
    }
    if (end.instant().isBefore(start.instant())
        || (end.allDay() && !end.instant().isAfter(start.instant()))) {
      throw new GoogleApiException(
          HttpStatus.BAD_REQUEST, "timeRangeEmpty", "The specified time range is empty.");
    }
    String status = body.path("status").asText("confirmed");
    if (!Set.of("confirmed", "tentative", "cancelled").contains(status)) {
      throw GoogleApiException.invalid("Invalid value for: status");
    }
    EventFields.validateReminders(body.get("reminders"));
    EventFields.validateColor(body.get("colorId"));
    EventFields.validateEnum(
        body.get("visibility"),
        "visibility",
        Set.of("default", "public", "private", "confidential"));
    EventFields.validateEnum(
        body.get("transparency"), "transparency", Set.of("opaque", "transparent"));
    String timestamp = Rfc3339.format(instant(micros));
    ObjectNode event = JsonNodeFactory.instance.objectNode();
    event.put("kind", "calendar#event");
    event.put("etag", etag(micros));
    event.put("id", eventId);
    event.put("status", status);
    event.put("htmlLink", htmlLink(eventId, calendarId));
    event.put("created", previous == null ? timestamp : previous.path("created").asText());
    event.put("updated", timestamp);
    Iterator<Map.Entry<String, JsonNode>> fields = body.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      String name = field.getKey();
      if (!READ_ONLY.contains(name)
          && !GATED.contains(name)
          && !event.has(name)
          && !field.getValue().isNull()) {
        event.set(name, field.getValue().deepCopy());
      }
    }
    setOrganizer(event, previous, calendarId, context);
    String organizerEmail = event.path("organizer").path("email").asText();
    setGated(event, body, previous, eventId, context);
    JsonNode previousAttendees = previous == null ? null : previous.get("attendees");
    if (body.hasNonNull("attendees")) {
      event.set(
          "attendees",
          EventFields.attendees(
              body.get("attendees"), previousAttendees, calendarId, organizerEmail));
    }
    if (previous == null && !EventFields.organizerCopy(event)) {
      addInvitationAttendees(event, calendarId);
    }
    if (previous != null && !EventFields.organizerCopy(previous) && !context.organizerAuthority()) {
      rejectSharedPropertyChanges(previous, event);
    }
    event.set("start", start.toJson());
    event.set("end", end.toJson());
    event.put(
        "iCalUID",
        previous != null
            ? previous.path("iCalUID").asText()
            : body.hasNonNull("iCalUID") ? body.get("iCalUID").asText() : eventId + "@google.com");
    event.put("sequence", sequence(previous, event, body.get("sequence")));
    if (!event.has("reminders")) {
      event.putObject("reminders").put("useDefault", true);
    }
    event.put(
        "eventType",
        previous != null
            ? previous.path("eventType").asText("default")
            : body.path("eventType").asText("default"));
    if (previous != null && changedFields(previous, event).equals(List.of("reminders"))) {
      // "Changing reminders does not also change the updated property of the enclosing event."
      event.put("updated", previous.path("updated").asText());
    }
    return event;
  }

  /**
   * The top-level fields whose values differ between two versions of an event (all fields of {@code
   * next} when there is no previous version), ignoring etag, updated and sequence.
   */
  static List<String> changedFields(ObjectNode previous, ObjectNode next) {
    Set<String> names = new TreeSet<>();
    next.fieldNames().forEachRemaining(names::add);
    if (previous != null) {
      previous.fieldNames().forEachRemaining(names::add);
    }
    List<String> changed = new ArrayList<>();
    for (String name : names) {
      if (!VOLATILE.contains(name)
          && (previous == null || !previous.path(name).equals(next.path(name)))) {
        changed.add(name);
      }
    }
    return changed;
  }

  /**
   * {@code organizer} and {@code creator}: the calendar owner on an insert, the invitation's
   * organizer on a control-API invitation, and unchanged on every later write.
   */
  private static void setOrganizer(
      ObjectNode event, ObjectNode previous, String calendarId, WriteContext context) {
    if (previous != null) {
      copyIfPresent(previous, event, "creator");
      copyIfPresent(previous, event, "organizer");
      return;
    }
    ObjectNode invitedBy = context.invitedBy();
    if (invitedBy != null
        && invitedBy.hasNonNull("email")
        && !invitedBy.get("email").asText().equalsIgnoreCase(calendarId)) {
      ObjectNode organizer =
          EventFields.person(
              invitedBy.get("email").asText(),
              invitedBy.hasNonNull("displayName") ? invitedBy.get("displayName").asText() : null,
              false);
      event.set("creator", organizer.deepCopy());
      event.set("organizer", organizer);
      return;
    }
    event.set("creator", EventFields.person(calendarId, null, true));
    event.set("organizer", EventFields.person(calendarId, null, true));
  }

  /**
   * {@code conferenceData} and {@code attachments}: from the body when the request supports them,
   * else kept as stored ("Version 0 assumes no conference data support and ignores conference data
   * in the event's body"); {@code hangoutLink} follows the stored conference.
   */
  private static void setGated(
      ObjectNode event,
      ObjectNode body,
      ObjectNode previous,
      String eventId,
      WriteContext context) {
    JsonNode previousConference = previous == null ? null : previous.get("conferenceData");
    JsonNode conference =
        context.conferenceDataVersion() >= 1
            ? EventFields.conference(body.get("conferenceData"), previousConference, eventId)
            : previousConference;
    if (conference != null) {
      event.set("conferenceData", conference.deepCopy());
      String hangoutLink = EventFields.hangoutLink(conference);
      if (hangoutLink != null) {
        event.put("hangoutLink", hangoutLink);
      }
    }
    JsonNode attachments;
    if (context.supportsAttachments()) {
      attachments = body.get("attachments");
      EventFields.validateAttachments(attachments);
    } else {
      attachments = previous == null ? null : previous.get("attachments");
    }
    if (attachments != null && !attachments.isNull()) {
      event.set("attachments", attachments.deepCopy());
    }
  }

  /**
   * An invitation is on the calendar because its owner is a guest, and Google lists the organizer
   * of an event with guests among them: both entries are added when the seed omits them.
   */
  private static void addInvitationAttendees(ObjectNode event, String calendarId) {
    ArrayNode attendees =
        event.has("attendees")
            ? (ArrayNode) event.get("attendees")
            : JsonNodeFactory.instance.arrayNode();
    String organizerEmail = event.path("organizer").path("email").asText();
    if (EventFields.find(attendees, organizerEmail) == null) {
      ObjectNode organizer = event.get("organizer").deepCopy();
      organizer.put("organizer", true).put("responseStatus", "accepted");
      attendees.insert(0, organizer);
    }
    if (EventFields.find(attendees, calendarId) == null) {
      attendees
          .addObject()
          .put("email", calendarId)
          .put("self", true)
          .put("responseStatus", "needsAction");
    }
    event.set("attendees", attendees);
  }

  /**
   * On a copy the calendar owner does not organize, Google answers 403 {@code
   * forbiddenForNonOrganizer} to a write that would change a shared property; a body that omits one
   * asks for its default. Other changes to such a copy stay on it: they are not propagated to the
   * organizer or the other guests.
   */
  private static void rejectSharedPropertyChanges(ObjectNode previous, ObjectNode next) {
    EventFields.SHARED_FLAGS.forEach(
        (flag, defaultValue) -> {
          if (previous.path(flag).asBoolean(defaultValue)
              != next.path(flag).asBoolean(defaultValue)) {
            throw GoogleApiException.forbiddenForNonOrganizer();
          }
        });
  }

  private static void copyIfPresent(ObjectNode from, ObjectNode to, String field) {
    if (from.has(field)) {
      to.set(field, from.get(field).deepCopy());
    }
  }

  /** Marks an event cancelled: a new version with fresh etag/updated and a bumped sequence. */
  static ObjectNode cancel(ObjectNode current, long micros) {
    ObjectNode event = current.deepCopy();
    event.put("etag", etag(micros));
    event.put("status", "cancelled");
    event.put("updated", Rfc3339.format(instant(micros)));
    event.put("sequence", current.path("sequence").asInt() + 1);
    return event;
  }

  static int sequence(ObjectNode previous, ObjectNode next, JsonNode requested) {
    int current = previous == null ? 0 : previous.path("sequence").asInt(0);
    int computed = current;
    if (previous != null) {
      for (String field : SIGNIFICANT) {
        if (!previous.path(field).equals(next.path(field))) {
          computed = current + 1;
          break;
        }
      }
    }
    if (requested != null && requested.canConvertToInt()) {
      int asked = requested.asInt();
      if (asked < current) {
        throw GoogleApiException.invalid(
            "Invalid sequence value. The specified sequence number is below the current sequence number of the resource.");
      }
      computed = Math.max(computed, asked);
    }
    return computed;
  }

  /**
   * Patch semantics: fields present replace, nested objects merge, arrays replace whole, and a JSON
   * null clears the field.
   */
  static ObjectNode merge(ObjectNode target, ObjectNode patch) {
    Iterator<Map.Entry<String, JsonNode>> fields = patch.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      JsonNode value = field.getValue();
      JsonNode existing = target.get(field.getKey());
      if (value.isNull()) {
        target.remove(field.getKey());
      } else if (value.isObject() && existing != null && existing.isObject()) {
        merge((ObjectNode) existing, (ObjectNode) value);
      } else {
        target.set(field.getKey(), value.deepCopy());
      }
    }
    return target;
  }

  /** What list responses show of a cancelled event: Google only guarantees the id. */
  static ObjectNode tombstone(ObjectNode event) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("kind", "calendar#event");
    node.put("etag", event.path("etag").asText());
    node.put("id", event.path("id").asText());
    node.put("status", "cancelled");
    return node;
  }

  private static String htmlLink(String eventId, String calendarId) {
    String eid =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString((eventId + " " + calendarId).getBytes(StandardCharsets.UTF_8));
    return "https://www.google.com/calendar/event?eid=" + eid;
  }
}
