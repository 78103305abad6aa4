package io.calsync.emulator.calendar;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.calsync.emulator.wire.GoogleApiException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpStatus;

/**
 * The pure rules for individual event fields, each as the Events resource reference documents it
 * (https://developers.google.com/workspace/calendar/api/v3/reference/events): attendees and their
 * read-only flags, reminders, colours, attachments, conference data and the {@code hangoutLink}
 * derived from it, and the shared properties only an organizer may change.
 */
final class EventFields {

  static final Set<String> RESPONSE_STATUSES =
      Set.of("needsAction", "declined", "tentative", "accepted");

  /**
   * The shared properties with their documented defaults. Google's error guide: "Shared properties
   * (for example, guestsCanInviteOthers, guestsCanModify, or guestsCanSeeOtherGuests) can only be
   * set by the organizer", and a body without them sets them to these defaults.
   */
  static final Map<String, Boolean> SHARED_FLAGS =
      Map.of(
          "guestsCanInviteOthers", true,
          "guestsCanModify", false,
          "guestsCanSeeOtherGuests", true);

  private static final int MAX_REMINDER_OVERRIDES = 5;
  private static final int MAX_REMINDER_MINUTES = 40_320;
  private static final int MAX_ATTACHMENTS = 25;
  private static final Set<String> MEET_SOLUTIONS =
      Set.of("hangoutsMeet", "eventHangout", "eventNamedHangout");

  private EventFields() {}

  static ObjectNode person(String email, String displayName, boolean self) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("email", email);
    if (displayName != null) {
      node.put("displayName", displayName);
    }
    if (self) {
      node.put("self", true);
    }
    return node;
  }

  /** Whether this copy of the event is the organizer's (the calendar owner organizes it). */
  static boolean organizerCopy(ObjectNode event) {
    return event.path("organizer").path("self").asBoolean(false);
  }

  /**
   * Attendees as Google stores them: {@code email} required; {@code responseStatus} one of the four
   * values, {@code needsAction} when none is sent; {@code self} only on the calendar owner's entry
   * and {@code organizer} only on the organizer's (both read-only, so client values are replaced);
   * {@code resource} "can only be set when the attendee is added to the event for the first time".
   * Every other attendee field is kept as written.
   */
  static ArrayNode attendees(
      JsonNode requested, JsonNode previous, String calendarId, String organizerEmail) {
    ArrayNode result = JsonNodeFactory.instance.arrayNode();
    for (JsonNode sent : requested) {
      if (!sent.isObject() || !sent.hasNonNull("email") || sent.get("email").asText().isBlank()) {
        throw GoogleApiException.required("Missing attendee email.");
      }
      ObjectNode attendee = ((ObjectNode) sent).deepCopy();
      String email = attendee.get("email").asText();
      String status = attendee.path("responseStatus").asText("needsAction");
      if (!RESPONSE_STATUSES.contains(status)) {
        throw GoogleApiException.invalid("Invalid attendee responseStatus: " + status);
      }
      attendee.put("responseStatus", status);
      attendee.remove(List.of("self", "organizer", "resource"));
      if (email.equalsIgnoreCase(calendarId)) {
        attendee.put("self", true);
      }
      if (organizerEmail != null && email.equalsIgnoreCase(organizerEmail)) {
        attendee.put("organizer", true);
      }
      JsonNode before = find(previous, email);
      JsonNode resource = before != null ? before.get("resource") : sent.get("resource");
      if (resource != null && resource.asBoolean(false)) {
        attendee.put("resource", true);
      }
      result.add(attendee);
    }
    return result;
  }

  static JsonNode find(JsonNode attendees, String email) {
    if (attendees == null) {
      return null;
    }
    for (JsonNode attendee : attendees) {
      if (attendee.path("email").asText().equalsIgnoreCase(email)) {
        return attendee;
      }
    }
    return null;
  }

  /**
   * Reminders: at most 5 overrides, none together with {@code useDefault: true} (both answered by
   * Google in the {@code calendar} error domain), each with {@code method} {@code email} or {@code
   * popup} and {@code minutes} between 0 and 40320.
   */
  static void validateReminders(JsonNode reminders) {
    if (reminders == null || reminders.isNull()) {
      return;
    }
    JsonNode overrides = reminders.path("overrides");
    int count = overrides.isArray() ? overrides.size() : 0;
    if (count > 0 && reminders.path("useDefault").asBoolean(false)) {
      throw new GoogleApiException(
          HttpStatus.BAD_REQUEST,
          "calendar",
          "cannotUseDefaultRemindersAndSpecifyOverride",
          "Cannot specify both default reminders and overrides at the same time.",
          null,
          null,
          Map.of());
    }
    if (count > MAX_REMINDER_OVERRIDES) {
      throw new GoogleApiException(
          HttpStatus.BAD_REQUEST,
          "calendar",
          "eventRemindersCountExceedsLimit",
          "The number of reminder overrides exceeds the limit of " + MAX_REMINDER_OVERRIDES + ".",
          null,
          null,
          Map.of());
    }
    for (JsonNode override : overrides) {
      if (!override.hasNonNull("method") || !override.hasNonNull("minutes")) {
        throw GoogleApiException.required("Missing reminder method or minutes.");
      }
      String method = override.get("method").asText();
      if (!method.equals("email") && !method.equals("popup")) {
        throw GoogleApiException.invalid("Invalid reminder method: " + method);
      }
      int minutes = override.get("minutes").asInt(-1);
      if (!override.get("minutes").canConvertToInt()
          || minutes < 0
          || minutes > MAX_REMINDER_MINUTES) {
        throw GoogleApiException.invalid(
            "Invalid reminder minutes: " + override.get("minutes").asText());
      }
    }
  }

  /** Event colours are the keys of {@code colors.get}'s {@code event} palette: "1" to "11". */
  static void validateColor(JsonNode colorId) {
    if (colorId == null || colorId.isNull()) {
      return;
    }
    String id = colorId.asText();
    if (!id.matches("[1-9]|1[01]")) {
      throw GoogleApiException.invalid("Invalid color id: " + id);
    }
  }

  static void validateEnum(JsonNode value, String field, Set<String> allowed) {
    if (value != null && !value.isNull() && !allowed.contains(value.asText())) {
      throw GoogleApiException.invalid("Invalid value for: " + field);
    }
  }

  /** "There can be at most 25 attachments per event"; {@code fileUrl} is required when adding. */
  static void validateAttachments(JsonNode attachments) {
    if (attachments == null || attachments.isNull()) {
      return;
    }
    if (attachments.size() > MAX_ATTACHMENTS) {
      throw GoogleApiException.invalid(
          "There can be at most " + MAX_ATTACHMENTS + " attachments per event.");
    }
    for (JsonNode attachment : attachments) {
      if (!attachment.hasNonNull("fileUrl")) {
        throw GoogleApiException.required("Missing attachment fileUrl.");
      }
    }
  }

  /**
   * The conference data a write with {@code conferenceDataVersion=1} stores. A {@code
   * createRequest} with a new {@code requestId} creates a Google Meet conference at once (Google
   * does it asynchronously; the emulator answers {@code success} immediately); the same {@code
   * requestId} as before is ignored, as documented. Without a create request, the data must have a
   * {@code conferenceSolution} and at least one entry point, and at most one {@code video} entry.
   */
  static ObjectNode conference(JsonNode requested, JsonNode previous, String eventId) {
    if (requested == null || requested.isNull()) {
      return null;
    }
    if (!requested.isObject()) {
      throw GoogleApiException.invalid("Invalid conference data.");
    }
    ObjectNode data = ((ObjectNode) requested).deepCopy();
    JsonNode createRequest = data.get("createRequest");
    if (createRequest != null && createRequest.hasNonNull("requestId")) {
      String requestId = createRequest.get("requestId").asText();
      if (previous != null
          && requestId.equals(previous.path("createRequest").path("requestId").asText(null))) {
        return ((ObjectNode) previous).deepCopy();
      }
      return created(createRequest, eventId + "/" + requestId);
    }
    JsonNode entryPoints = data.path("entryPoints");
    if (!data.has("conferenceSolution") || !entryPoints.isArray() || entryPoints.isEmpty()) {
      throw GoogleApiException.invalid(
          "Invalid conference data: either conferenceSolution and at least one entryPoint, or"
              + " createRequest is required.");
    }
    int videos = 0;
    for (JsonNode entryPoint : entryPoints) {
      if ("video".equals(entryPoint.path("entryPointType").asText())) {
        videos++;
      }
    }
    if (videos > 1) {
      throw GoogleApiException.invalid(
          "Invalid conference data: a conference can have at most one video entry point.");
    }
    return data;
  }

  /**
   * {@code hangoutLink} (read-only): the video entry point of a Google Meet (or classic Hangouts)
   * conference; absent for third-party conferences and events without one.
   */
  static String hangoutLink(JsonNode conferenceData) {
    if (conferenceData == null
        || !MEET_SOLUTIONS.contains(
            conferenceData.path("conferenceSolution").path("key").path("type").asText())) {
      return null;
    }
    for (JsonNode entryPoint : conferenceData.path("entryPoints")) {
      if ("video".equals(entryPoint.path("entryPointType").asText())
          && entryPoint.hasNonNull("uri")) {
        return entryPoint.get("uri").asText();
      }
    }
    return null;
  }

  private static ObjectNode created(JsonNode createRequest, String seed) {
    ObjectNode data = JsonNodeFactory.instance.objectNode();
    ObjectNode request = data.putObject("createRequest");
    request.put("requestId", createRequest.get("requestId").asText());
    String type = createRequest.path("conferenceSolutionKey").path("type").asText("hangoutsMeet");
    request.putObject("conferenceSolutionKey").put("type", type);
    if (!type.equals("hangoutsMeet")) {
      // Only Google Meet conferences can be created without an add-on.
      request.putObject("status").put("statusCode", "failure");
      return data;
    }
    request.putObject("status").put("statusCode", "success");
    String code = meetingCode(seed);
    data.putArray("entryPoints")
        .addObject()
        .put("entryPointType", "video")
        .put("uri", "https://meet.google.com/" + code)
        .put("label", "meet.google.com/" + code);
    ObjectNode solution = data.putObject("conferenceSolution");
    solution.putObject("key").put("type", "hangoutsMeet");
    solution.put("name", "Google Meet");
    solution.put(
        "iconUri",
        "https://fonts.gstatic.com/s/i/productlogos/meet_2020q4/v6/web-512dp/logo_meet_2020q4_color_2x_web_512dp.png");
    data.put("conferenceId", code);
    return data;
  }

  /** A Meet code in Google's {@code abc-defg-hij} shape, stable for the same request. */
  private static String meetingCode(String seed) {
    UUID uuid = UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8));
    long bits = uuid.getMostSignificantBits() ^ uuid.getLeastSignificantBits();
    StringBuilder code = new StringBuilder();
    for (int i = 0; i < 10; i++) {
      if (i == 3 || i == 7) {
        code.append('-');
      }
      code.append((char) ('a' + (int) Long.remainderUnsigned(bits, 26)));
      bits = Long.divideUnsigned(bits, 26);
    }
    return code.toString();
  }
}
