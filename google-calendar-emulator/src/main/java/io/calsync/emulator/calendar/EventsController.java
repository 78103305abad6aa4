package io.calsync.emulator.calendar;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.calsync.emulator.config.EmulatorProperties;
import io.calsync.emulator.oauth.AccessGrant;
import io.calsync.emulator.push.PushChannels;
import io.calsync.emulator.store.CalendarState;
import io.calsync.emulator.wire.BaseUrl;
import io.calsync.emulator.wire.GoogleApiException;
import java.util.List;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

/** The {@code events} resource of Calendar API v3. */
@RestController
@RequestMapping("/calendar/v3/calendars/{calendarId}/events")
class EventsController {

  private final EventService events;
  private final CalendarAccess access;
  private final PushChannels channels;
  private final EmulatorProperties properties;

  EventsController(
      EventService events,
      CalendarAccess access,
      PushChannels channels,
      EmulatorProperties properties) {
    this.events = events;
    this.access = access;
    this.channels = channels;
    this.properties = properties;
  }

  @GetMapping
  ObjectNode list(
      ServerWebExchange exchange,
      @PathVariable String calendarId,
      @RequestParam(required = false) Integer maxResults,
      @RequestParam(required = false) String pageToken,
      @RequestParam(required = false) String syncToken,
      @RequestParam(required = false) Boolean showDeleted,
      @RequestParam(defaultValue = "false") boolean singleEvents,
      @RequestParam(required = false) String orderBy,
      @RequestParam(required = false) String timeMin,
      @RequestParam(required = false) String timeMax,
      @RequestParam(required = false) String updatedMin,
      @RequestParam(required = false) String q,
      @RequestParam(required = false) String iCalUID,
      @RequestParam(required = false) List<String> privateExtendedProperty,
      @RequestParam(required = false) List<String> sharedExtendedProperty) {
    return events.list(
        access.resolve(exchange, calendarId),
        new ListQuery(
            maxResults,
            pageToken,
            syncToken,
            showDeleted,
            singleEvents,
            orderBy,
            timeMin,
            timeMax,
            updatedMin,
            q,
            iCalUID,
            privateExtendedProperty,
            sharedExtendedProperty));
  }

  @PostMapping
  ObjectNode insert(
      ServerWebExchange exchange,
      @PathVariable String calendarId,
      @RequestBody ObjectNode body,
      @RequestParam(required = false) String sendUpdates,
      @RequestParam(required = false) Boolean sendNotifications,
      @RequestParam(required = false) Integer conferenceDataVersion,
      @RequestParam(required = false) Boolean supportsAttachments) {
    return events.insert(
        access.resolve(exchange, calendarId),
        body,
        options(
            exchange, sendUpdates, sendNotifications, conferenceDataVersion, supportsAttachments));
  }

  @GetMapping("/{eventId}")
  ResponseEntity<ObjectNode> get(
      ServerWebExchange exchange,
      @PathVariable String calendarId,
      @PathVariable String eventId,
      @RequestHeader(name = "If-None-Match", required = false) String ifNoneMatch) {
    ObjectNode event = events.get(access.resolve(exchange, calendarId), eventId);
    if (ifNoneMatch != null && EventRules.matches(ifNoneMatch, event.path("etag").asText())) {
      return ResponseEntity.status(HttpStatus.NOT_MODIFIED).build();
    }
    return ResponseEntity.ok(event);
  }

  /**
   * {@code events.update} (PUT: the body replaces the event) and {@code events.patch} (PATCH: the
   * body is merged into it) take the same parameters; only the service call differs.
   */
  @RequestMapping(
      path = "/{eventId}",
      method = {RequestMethod.PUT, RequestMethod.PATCH})
  ObjectNode updateOrPatch(
      ServerWebExchange exchange,
      @PathVariable String calendarId,
      @PathVariable String eventId,
      @RequestBody ObjectNode body,
      @RequestHeader(name = "If-Match", required = false) String ifMatch,
      @RequestParam(required = false) String sendUpdates,
      @RequestParam(required = false) Boolean sendNotifications,
      @RequestParam(required = false) Integer conferenceDataVersion,
      @RequestParam(required = false) Boolean supportsAttachments) {
    CalendarState calendar = access.resolve(exchange, calendarId);
    EventService.WriteOptions options =
        options(
            exchange, sendUpdates, sendNotifications, conferenceDataVersion, supportsAttachments);
    return exchange.getRequest().getMethod() == HttpMethod.PATCH
        ? events.patch(calendar, eventId, body, ifMatch, options)
        : events.update(calendar, eventId, body, ifMatch, options);
  }

  @DeleteMapping("/{eventId}")
  ResponseEntity<Void> delete(
      ServerWebExchange exchange,
      @PathVariable String calendarId,
      @PathVariable String eventId,
      @RequestHeader(name = "If-Match", required = false) String ifMatch,
      @RequestParam(required = false) String sendUpdates,
      @RequestParam(required = false) Boolean sendNotifications) {
    events.delete(
        access.resolve(exchange, calendarId),
        eventId,
        ifMatch,
        options(exchange, sendUpdates, sendNotifications, null, null));
    return ResponseEntity.noContent().build();
  }

  @GetMapping("/{eventId}/instances")
  ObjectNode instances(
      ServerWebExchange exchange,
      @PathVariable String calendarId,
      @PathVariable String eventId,
      @RequestParam(required = false) Integer maxResults,
      @RequestParam(required = false) String pageToken,
      @RequestParam(required = false) String timeMin,
      @RequestParam(required = false) String timeMax) {
    return events.instances(
        access.resolve(exchange, calendarId),
        eventId,
        ListQuery.instances(maxResults, pageToken, timeMin, timeMax));
  }

  @PostMapping("/watch")
  ObjectNode watch(
      ServerWebExchange exchange, @PathVariable String calendarId, @RequestBody ObjectNode body) {
    AccessGrant grant = access.grant(exchange);
    CalendarState calendar = access.resolve(grant.account(), calendarId);
    return channels.watch(
        calendar.calendarId(),
        calendarId,
        grant.account(),
        grant.clientId(),
        body,
        BaseUrl.of(exchange, properties.publicBaseUrl()));
  }

  @PostMapping({"/import", "/quickAdd", "/{eventId}/move"})
  ObjectNode unsupported() {
    throw new GoogleApiException(
        HttpStatus.NOT_IMPLEMENTED, "notImplemented", "Not emulated: use events.insert.");
  }

  private EventService.WriteOptions options(
      ServerWebExchange exchange,
      String sendUpdates,
      Boolean sendNotifications,
      Integer conferenceDataVersion,
      Boolean supportsAttachments) {
    if (sendUpdates != null && !List.of("all", "externalOnly", "none").contains(sendUpdates)) {
      throw GoogleApiException.invalidParameter("sendUpdates", "Invalid value for: sendUpdates");
    }
    if (conferenceDataVersion != null && (conferenceDataVersion < 0 || conferenceDataVersion > 1)) {
      throw GoogleApiException.invalidParameter(
          "conferenceDataVersion",
          "Invalid value '" + conferenceDataVersion + "'. Values must be within the range: [0, 1]");
    }
    return new EventService.WriteOptions(
        "api:" + access.grant(exchange).clientId(),
        sendUpdates,
        sendNotifications,
        conferenceDataVersion == null ? 0 : conferenceDataVersion,
        Boolean.TRUE.equals(supportsAttachments));
  }
}
