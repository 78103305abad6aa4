package io.calsync.emulator.calendar;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.calsync.emulator.config.EmulatorProperties;
import io.calsync.emulator.store.CalendarState;
import io.calsync.emulator.store.CalendarStore;
import io.calsync.emulator.store.EventVersion;
import io.calsync.emulator.wire.GoogleApiException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Calendar API event semantics on top of the store: the writes with their preconditions (duplicate
 * ids, If-Match, deleted events) and the list query with sync tokens and paging.
 */
@Component
public class EventService {

  static final int DEFAULT_PAGE = 250;
  static final int MAX_PAGE = 2500;
  private static final int MAX_INSTANCES = 1000;

  private final CalendarStore store;
  private final WriteLog writeLog;
  private final PageCursors cursors;
  private final ZoneId zone;

  EventService(
      CalendarStore store, WriteLog writeLog, PageCursors cursors, EmulatorProperties properties) {
    this.store = store;
    this.writeLog = writeLog;
    this.cursors = cursors;
    this.zone = ZoneId.of(properties.timeZone());
  }

  /**
   * Who writes and with which request parameters: notifications ({@code sendUpdates}, legacy {@code
   * sendNotifications}) and the gated fields it supports ({@code conferenceDataVersion}, {@code
   * supportsAttachments}).
   */
  public record WriteOptions(
      String actor,
      String sendUpdates,
      Boolean sendNotifications,
      int conferenceDataVersion,
      boolean supportsAttachments) {

    /** The calendar owner in Google Calendar's UI, which supports conferences and attachments. */
    public static WriteOptions user() {
      return new WriteOptions("user", null, null, 1, true);
    }

    /** The organizer of an invitation, editing it in their own Google Calendar. */
    public static WriteOptions organizer(String email) {
      return new WriteOptions("organizer:" + email, null, null, 1, true);
    }
  }

  public ObjectNode insert(CalendarState calendar, ObjectNode body, WriteOptions options) {
    return insert(calendar, body, options, null);
  }

  /**
   * Inserts an event; with {@code invitedBy} (control API only) it is an invitation organized by
   * that person, with the calendar owner as a guest.
   */
  public ObjectNode insert(
      CalendarState calendar, ObjectNode body, WriteOptions options, ObjectNode invitedBy) {
    String id =
        body.hasNonNull("id")
            ? EventIds.requireValid(body.get("id").asText())
            : EventIds.generate();
    EventRules.WriteContext context = context(options, invitedBy, false);
    EventVersion version;
    synchronized (calendar) {
      if (calendar.current(id).isPresent()) {
        // Google keeps deleted events, so their ids stay taken.
        throw GoogleApiException.duplicate();
      }
      version =
          store.write(
              calendar,
              id,
              micros ->
                  EventRules.build(body, null, calendar.calendarId(), id, micros, zone, context));
    }
    record(calendar, "insert", version, null, options);
    return version.copy();
  }

  public ObjectNode get(CalendarState calendar, String eventId) {
    Optional<EventVersion> current = calendar.current(eventId);
    if (current.isPresent()) {
      return current.get().copy();
    }
    return instance(calendar, eventId).orElseThrow(GoogleApiException::notFound);
  }

  public ObjectNode update(
      CalendarState calendar,
      String eventId,
      ObjectNode body,
      String ifMatch,
      WriteOptions options) {
    return replace(calendar, eventId, body, ifMatch, options, "update", false);
  }

  public ObjectNode patch(
      CalendarState calendar,
      String eventId,
      ObjectNode patch,
      String ifMatch,
      WriteOptions options) {
    return replace(calendar, eventId, patch, ifMatch, options, "patch", false);
  }

  /**
   * The organizer changes the event in their own calendar and Google propagates it to this copy:
   * the shared properties change, while what belongs to this copy stays as the calendar owner set
   * it (reminders, colour, transparency, private extended properties, the owner's own response).
   */
  public ObjectNode patchAsOrganizer(CalendarState calendar, String eventId, ObjectNode patch) {
    EventVersion current = calendar.current(eventId).orElseThrow(GoogleApiException::notFound);
    ObjectNode shared = patch.deepCopy();
    String organizer = current.resource().path("organizer").path("email").asText();
    if (!EventFields.organizerCopy(current.resource())) {
      shared.remove(List.of("reminders", "colorId", "transparency"));
      if (shared.path("extendedProperties").isObject()) {
        ((ObjectNode) shared.get("extendedProperties")).remove("private");
      }
      JsonNode own = EventFields.find(current.resource().get("attendees"), calendar.calendarId());
      if (own != null && shared.path("attendees").isArray()) {
        for (JsonNode attendee : shared.get("attendees")) {
          if (attendee.path("email").asText().equalsIgnoreCase(calendar.calendarId())) {
            for (String field : List.of("responseStatus", "comment", "additionalGuests")) {
              ((ObjectNode) attendee).remove(field);
              if (own.has(field)) {
                ((ObjectNode) attendee).set(field, own.get(field).deepCopy());
              }
            }
          }
        }
      }
    }
    return replace(
        calendar, eventId, shared, null, WriteOptions.organizer(organizer), "patch", true);
  }

  /**
   * The calendar owner answers an invitation (or changes their answer): their own attendee entry's
   * {@code responseStatus}, and {@code comment} when given.
   */
  public ObjectNode respond(
      CalendarState calendar, String eventId, String responseStatus, String comment) {
    if (!EventFields.RESPONSE_STATUSES.contains(String.valueOf(responseStatus))) {
      throw GoogleApiException.invalid("Invalid attendee responseStatus: " + responseStatus);
    }
    EventVersion current = calendar.current(eventId).orElseThrow(GoogleApiException::notFound);
    ArrayNode attendees =
        current.resource().path("attendees").isArray()
            ? (ArrayNode) current.resource().get("attendees").deepCopy()
            : JsonNodeFactory.instance.arrayNode();
    JsonNode own = EventFields.find(attendees, calendar.calendarId());
    if (own == null) {
      throw GoogleApiException.invalid(
          calendar.calendarId() + " is not an attendee of event " + eventId + ".");
    }
    ((ObjectNode) own).put("responseStatus", responseStatus);
    if (comment != null) {
      ((ObjectNode) own).put("comment", comment);
    }
    ObjectNode patch = JsonNodeFactory.instance.objectNode();
    patch.set("attendees", attendees);
    return replace(calendar, eventId, patch, null, WriteOptions.user(), "patch", false);
  }

  private ObjectNode replace(
      CalendarState calendar,
      String eventId,
      ObjectNode body,
      String ifMatch,
      WriteOptions options,
      String method,
      boolean organizerAuthority) {
    EventRules.WriteContext context = context(options, null, organizerAuthority);
    EventVersion previous;
    EventVersion version;
    synchronized (calendar) {
      EventVersion current = calendar.current(eventId).orElseThrow(GoogleApiException::notFound);
      if (!EventRules.matches(ifMatch, current.etag())) {
        throw GoogleApiException.conditionNotMet();
      }
      boolean restores =
          body.hasNonNull("status") && !"cancelled".equals(body.get("status").asText());
      if (current.cancelled() && !restores) {
        throw GoogleApiException.deleted();
      }
      ObjectNode next = method.equals("patch") ? EventRules.merge(current.copy(), body) : body;
      if (method.equals("patch") && !body.has("sequence")) {
        next.remove("sequence");
      }
      previous = current;
      version =
          store.write(
              calendar,
              eventId,
              micros ->
                  EventRules.build(
                      next,
                      current.resource(),
                      calendar.calendarId(),
                      eventId,
                      micros,
                      zone,
                      context));
    }
    record(calendar, method, version, previous.resource(), options);
    return version.copy();
  }

  private static EventRules.WriteContext context(
      WriteOptions options, ObjectNode invitedBy, boolean organizerAuthority) {
    return new EventRules.WriteContext(
        options.conferenceDataVersion(),
        options.supportsAttachments(),
        invitedBy,
        organizerAuthority);
  }

  public void delete(CalendarState calendar, String eventId, String ifMatch, WriteOptions options) {
    EventVersion previous;
    EventVersion version;
    synchronized (calendar) {
      EventVersion current = calendar.current(eventId).orElseThrow(GoogleApiException::notFound);
      if (current.cancelled()) {
        throw GoogleApiException.deleted();
      }
      if (!EventRules.matches(ifMatch, current.etag())) {
        throw GoogleApiException.conditionNotMet();
      }
      previous = current;
      version =
          store.write(calendar, eventId, micros -> EventRules.cancel(current.resource(), micros));
    }
    record(calendar, "delete", version, previous.resource(), options);
  }

  /** All stored events, deleted ones included, as they are now (for the control API). */
  public List<ObjectNode> allEvents(CalendarState calendar) {
    return calendar.currentEvents().stream().map(EventVersion::copy).toList();
  }

  // --- events.list

  public ObjectNode list(CalendarState calendar, ListQuery query) {
    int pageSize = pageSize(query.maxResults());
    if (query.pageToken() != null) {
      return page(calendar, cursors.find(query.pageToken(), calendar.calendarId()), pageSize);
    }
    long visible = store.readableChange(calendar);
    List<ObjectNode> items = new ArrayList<>();
    if (query.syncToken() != null) {
      rejectFiltersWithSyncToken(query);
      long since = SyncTokens.changeNumber(calendar, query.syncToken());
      calendar.visibleAt(visible).stream()
          .filter(v -> v.changeNumber() > since)
          .sorted(Comparator.comparingLong(EventVersion::changeNumber))
          .forEach(v -> items.addAll(render(v, query.singleEvents(), null, null)));
    } else {
      if ("startTime".equals(query.orderBy()) && !query.singleEvents()) {
        throw GoogleApiException.invalidParameter(
            "orderBy", "The requested ordering is not available for the particular query.");
      }
      if (query.orderBy() != null && !List.of("startTime", "updated").contains(query.orderBy())) {
        throw GoogleApiException.invalidParameter("orderBy", "Invalid value for: orderBy");
      }
      Instant timeMin =
          query.timeMin() == null ? null : Rfc3339.parseParameter("timeMin", query.timeMin());
      Instant timeMax =
          query.timeMax() == null ? null : Rfc3339.parseParameter("timeMax", query.timeMax());
      Instant updatedMin =
          query.updatedMin() == null
              ? null
              : Rfc3339.parseParameter("updatedMin", query.updatedMin());
      if (timeMin != null && timeMax != null && !timeMax.isAfter(timeMin)) {
        throw new GoogleApiException(
            HttpStatus.BAD_REQUEST, "timeRangeEmpty", "The specified time range is empty.");
      }
      for (EventVersion v : calendar.visibleAt(visible)) {
        ObjectNode event = v.resource();
        Instant updated = Instant.parse(event.path("updated").asText());
        boolean deletedVisible =
            Boolean.TRUE.equals(query.showDeleted())
                || (updatedMin != null && !updated.isBefore(updatedMin));
        if ((v.cancelled() && !deletedVisible)
            || (updatedMin != null && updated.isBefore(updatedMin))
            || (query.iCalUID() != null && !query.iCalUID().equals(event.path("iCalUID").asText()))
            || !matchesText(event, query.q())
            || !matchesProperties(event, "private", query.privateExtendedProperty())
            || !matchesProperties(event, "shared", query.sharedExtendedProperty())) {
          continue;
        }
        items.addAll(render(v, query.singleEvents(), timeMin, timeMax));
      }
      if ("startTime".equals(query.orderBy())) {
        items.sort(
            Comparator.comparing(this::startOf, Comparator.nullsLast(Comparator.naturalOrder())));
      } else if ("updated".equals(query.orderBy())) {
        items.sort(Comparator.comparing(e -> e.path("updated").asText()));
      }
    }
    String nextSyncToken = SyncTokens.issue(calendar, visible);
    return page(
        calendar,
        new PageCursors.Cursor(
            calendar.calendarId(), List.copyOf(items), 0, nextSyncToken, store.now()),
        pageSize);
  }

  /** {@code events.instances}: the occurrences of a recurring event. */
  public ObjectNode instances(CalendarState calendar, String eventId, ListQuery query) {
    int pageSize = pageSize(query.maxResults());
    if (query.pageToken() != null) {
      return page(calendar, cursors.find(query.pageToken(), calendar.calendarId()), pageSize);
    }
    EventVersion master = calendar.current(eventId).orElseThrow(GoogleApiException::notFound);
    if (master.cancelled()) {
      throw GoogleApiException.deleted();
    }
    Instant timeMin =
        query.timeMin() == null ? null : Rfc3339.parseParameter("timeMin", query.timeMin());
    Instant timeMax =
        query.timeMax() == null ? null : Rfc3339.parseParameter("timeMax", query.timeMax());
    List<ObjectNode> items = render(master, true, timeMin, timeMax);
    return page(
        calendar,
        new PageCursors.Cursor(calendar.calendarId(), items, 0, null, store.now()),
        pageSize);
  }

  private ObjectNode page(CalendarState calendar, PageCursors.Cursor cursor, int pageSize) {
    List<ObjectNode> items = cursor.items();
    int end = Math.min(items.size(), cursor.offset() + pageSize);
    ObjectNode response = JsonNodeFactory.instance.objectNode();
    response.put("kind", "calendar#events");
    response.put("etag", "\"" + calendar.lastChange() + "\"");
    response.put("summary", calendar.calendarId());
    response.put("description", "");
    response.put("updated", Rfc3339.format(store.now()));
    response.put("timeZone", zone.getId());
    response.put("accessRole", "owner");
    response.putArray("defaultReminders").addObject().put("method", "popup").put("minutes", 10);
    if (end < items.size()) {
      response.put(
          "nextPageToken",
          cursors.save(
              new PageCursors.Cursor(
                  calendar.calendarId(), items, end, cursor.nextSyncToken(), store.now())));
    } else if (cursor.nextSyncToken() != null) {
      response.put("nextSyncToken", cursor.nextSyncToken());
    }
    ArrayNode array = response.putArray("items");
    items.subList(cursor.offset(), end).forEach(item -> array.add(item.deepCopy()));
    return response;
  }

  private static int pageSize(Integer maxResults) {
    if (maxResults == null) {
      return DEFAULT_PAGE;
    }
    if (maxResults < 1) {
      throw GoogleApiException.invalidParameter(
          "maxResults",
          "Invalid value '" + maxResults + "'. Values must be within the range: [1, 2500]");
    }
    return Math.min(maxResults, MAX_PAGE);
  }

  private static void rejectFiltersWithSyncToken(ListQuery q) {
    Map<String, Boolean> present = new LinkedHashMap<>();
    present.put("timeMin", q.timeMin() != null);
    present.put("timeMax", q.timeMax() != null);
    present.put("updatedMin", q.updatedMin() != null);
    present.put("q", q.q() != null);
    present.put("orderBy", q.orderBy() != null);
    present.put("iCalUID", q.iCalUID() != null);
    present.put("privateExtendedProperty", !q.privateExtendedProperty().isEmpty());
    present.put("sharedExtendedProperty", !q.sharedExtendedProperty().isEmpty());
    present.forEach(
        (parameter, isPresent) -> {
          if (isPresent) {
            throw GoogleApiException.invalidParameter(
                parameter,
                "The parameter " + parameter + " cannot be used together with syncToken.");
          }
        });
    if (Boolean.FALSE.equals(q.showDeleted())) {
      throw GoogleApiException.invalidParameter(
          "showDeleted",
          "showDeleted cannot be set to false together with syncToken: deletions are always returned.");
    }
  }

  // --- rendering and recurrence

  /** A stored version as list items: itself, a tombstone, or its occurrences for singleEvents. */
  private List<ObjectNode> render(
      EventVersion version, boolean singleEvents, Instant timeMin, Instant timeMax) {
    ObjectNode event = version.resource();
    if (version.cancelled()) {
      return List.of(EventRules.tombstone(event));
    }
    boolean recurring = event.path("recurrence").isArray() && !event.path("recurrence").isEmpty();
    if (!recurring || !singleEvents) {
      if (!overlaps(startOf(event), endOf(event), timeMin, timeMax, recurring)) {
        return List.of();
      }
      return List.of(event);
    }
    return expand(event, timeMin, timeMax);
  }

  private List<ObjectNode> expand(ObjectNode master, Instant timeMin, Instant timeMax) {
    EventTime start = EventTime.parse(master.get("start"), "start", zone);
    EventTime end = EventTime.parse(master.get("end"), "end", zone);
    List<String> lines =
        StreamSupport.stream(master.path("recurrence").spliterator(), false)
            .map(JsonNode::asText)
            .toList();
    Recurrence.Rule rule;
    try {
      rule = Recurrence.parse(lines, start.zoned().getZone(), start.allDay());
    } catch (RuntimeException unsupported) {
      rule = null;
    }
    if (rule == null) {
      return List.of(master);
    }
    Instant windowEnd = timeMax != null ? timeMax : start.instant().plus(730, ChronoUnit.DAYS);
    long days = ChronoUnit.DAYS.between(start.zoned().toLocalDate(), end.zoned().toLocalDate());
    Duration length = Duration.between(start.instant(), end.instant());
    List<ObjectNode> instances = new ArrayList<>();
    for (ZonedDateTime occurrence :
        Recurrence.occurrences(rule, start.zoned(), windowEnd, MAX_INSTANCES)) {
      ZonedDateTime occurrenceEnd =
          start.allDay() ? occurrence.plusDays(days) : occurrence.plus(length);
      if (!overlaps(occurrence.toInstant(), occurrenceEnd.toInstant(), timeMin, timeMax, false)) {
        continue;
      }
      ObjectNode instance = master.deepCopy();
      instance.remove("recurrence");
      instance.put(
          "id", Recurrence.instanceId(master.path("id").asText(), occurrence, start.allDay()));
      instance.put("recurringEventId", master.path("id").asText());
      instance.set("originalStartTime", start.at(occurrence).toJson());
      instance.set("start", start.at(occurrence).toJson());
      instance.set("end", end.at(occurrenceEnd).toJson());
      instances.add(instance);
    }
    return instances;
  }

  private Optional<ObjectNode> instance(CalendarState calendar, String instanceId) {
    int underscore = instanceId.lastIndexOf('_');
    if (underscore < 0) {
      return Optional.empty();
    }
    return calendar
        .current(instanceId.substring(0, underscore))
        .filter(master -> !master.cancelled())
        .flatMap(
            master ->
                expand(master.resource(), null, null).stream()
                    .filter(i -> i.path("id").asText().equals(instanceId))
                    .findFirst());
  }

  private static boolean overlaps(
      Instant start, Instant end, Instant timeMin, Instant timeMax, boolean recurring) {
    if (start == null) {
      return true;
    }
    boolean endsAfterMin = timeMin == null || recurring || (end != null && end.isAfter(timeMin));
    boolean startsBeforeMax = timeMax == null || start.isBefore(timeMax);
    return endsAfterMin && startsBeforeMax;
  }

  private Instant startOf(ObjectNode event) {
    return event.has("start") ? EventTime.parse(event.get("start"), "start", zone).instant() : null;
  }

  private Instant endOf(ObjectNode event) {
    return event.has("end") ? EventTime.parse(event.get("end"), "end", zone).instant() : null;
  }

  private static boolean matchesText(ObjectNode event, String q) {
    if (q == null || q.isBlank()) {
      return true;
    }
    String needle = q.toLowerCase(Locale.ROOT);
    StringBuilder haystack = new StringBuilder();
    for (String field : List.of("summary", "description", "location")) {
      haystack.append(event.path(field).asText()).append('\n');
    }
    event.path("attendees").forEach(a -> haystack.append(a.path("email").asText()).append('\n'));
    return haystack.toString().toLowerCase(Locale.ROOT).contains(needle);
  }

  private static boolean matchesProperties(ObjectNode event, String scope, List<String> filters) {
    JsonNode properties = event.path("extendedProperties").path(scope);
    for (String filter : filters) {
      int eq = filter.indexOf('=');
      if (eq < 0) {
        throw GoogleApiException.invalidParameter(
            scope + "ExtendedProperty", "Invalid " + scope + "ExtendedProperty: " + filter);
      }
      if (!properties
          .path(filter.substring(0, eq))
          .asText("\u0000")
          .equals(filter.substring(eq + 1))) {
        return false;
      }
    }
    return true;
  }

  private void record(
      CalendarState calendar,
      String method,
      EventVersion version,
      ObjectNode previous,
      WriteOptions options) {
    writeLog.record(
        new WriteLog.Write(
            version.writtenAt(),
            calendar.calendarId(),
            method,
            version.id(),
            options.actor(),
            options.sendUpdates(),
            notifications(calendar.calendarId(), version.resource(), options),
            EventFields.organizerCopy(version.resource()),
            EventRules.changedFields(previous, version.resource())));
  }

  /** How many attendees Google would e-mail for this write. */
  static int notifications(String calendarId, ObjectNode event, WriteOptions options) {
    String mode = options.sendUpdates();
    if (mode == null && Boolean.TRUE.equals(options.sendNotifications())) {
      mode = "all";
    }
    if (mode == null || mode.equals("none")) {
      return 0;
    }
    String domain = calendarId.substring(calendarId.indexOf('@') + 1);
    int count = 0;
    for (JsonNode attendee : event.path("attendees")) {
      String email = attendee.path("email").asText();
      if (attendee.path("self").asBoolean(false) || email.equalsIgnoreCase(calendarId)) {
        continue;
      }
      if (mode.equals("all") || !email.toLowerCase(Locale.ROOT).endsWith("@" + domain)) {
        count++;
      }
    }
    return count;
  }
}
