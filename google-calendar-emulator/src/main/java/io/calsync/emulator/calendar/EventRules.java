package io.calsync.emulator.calendar;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.calsync.emulator.wire.GoogleApiException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpStatus;

/**
 * The pure rules of event writes: which fields a client may set, how a patch merges, how the
 * server-owned fields ({@code etag}, {@code updated}, {@code sequence}, ...) evolve.
 */
final class EventRules {

  /** Fields the server owns; values sent by clients are ignored. */
  private static final Set<String> READ_ONLY =
      Set.of(
          "kind", "etag", "htmlLink", "created", "updated", "creator", "organizer", "hangoutLink");

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
   * Builds the stored resource of a write: the client's fields (minus read-only ones) plus the
   * server-owned fields. {@code previous} is null for an insert.
   */
  static ObjectNode build(
      ObjectNode body,
      ObjectNode previous,
      String calendarId,
      String eventId,
      long micros,
      ZoneId calendarZone) {
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
          && !event.has(name)
          && !Set.of("sequence", "iCalUID").contains(name)) {
        event.set(name, field.getValue().deepCopy());
      }
    }
    event.set("creator", self(calendarId));
    event.set("organizer", self(calendarId));
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
    if (!event.has("eventType")) {
      event.put("eventType", "default");
    }
    return event;
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

  private static ObjectNode self(String calendarId) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("email", calendarId);
    node.put("self", true);
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
