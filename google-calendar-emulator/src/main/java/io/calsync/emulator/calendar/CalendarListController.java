package io.calsync.emulator.calendar;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.calsync.emulator.config.EmulatorProperties;
import io.calsync.emulator.store.CalendarState;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

/**
 * {@code calendarList.list/get} and {@code calendars.get}: each account sees its primary calendar.
 */
@RestController
class CalendarListController {

  private final ObjectMapper json = new ObjectMapper();
  private final CalendarAccess access;
  private final EmulatorProperties properties;

  CalendarListController(CalendarAccess access, EmulatorProperties properties) {
    this.access = access;
    this.properties = properties;
  }

  @GetMapping("/calendar/v3/users/me/calendarList")
  ObjectNode list(ServerWebExchange exchange) {
    CalendarState calendar = access.resolve(exchange, "primary");
    ObjectNode body =
        json.createObjectNode()
            .put("kind", "calendar#calendarList")
            .put("etag", "\"p33c9vvvvvvvvv0g\"");
    body.put("nextSyncToken", "CKDv" + Integer.toHexString(calendar.calendarId().hashCode()));
    body.putArray("items").add(entry(calendar));
    return body;
  }

  @GetMapping("/calendar/v3/users/me/calendarList/{calendarId}")
  ObjectNode get(ServerWebExchange exchange, @PathVariable String calendarId) {
    return entry(access.resolve(exchange, calendarId));
  }

  @GetMapping("/calendar/v3/calendars/{calendarId}")
  ObjectNode calendar(ServerWebExchange exchange, @PathVariable String calendarId) {
    CalendarState calendar = access.resolve(exchange, calendarId);
    ObjectNode body =
        json.createObjectNode().put("kind", "calendar#calendar").put("etag", "\"emu-calendar\"");
    body.put("id", calendar.calendarId())
        .put("summary", calendar.calendarId())
        .put("timeZone", properties.timeZone());
    return body;
  }

  private ObjectNode entry(CalendarState calendar) {
    ObjectNode entry =
        json.createObjectNode()
            .put("kind", "calendar#calendarListEntry")
            .put("etag", "\"emu-calendar-list-entry\"")
            .put("id", calendar.calendarId())
            .put("summary", calendar.calendarId())
            .put("timeZone", properties.timeZone())
            .put("colorId", "14")
            .put("backgroundColor", "#9fe1e7")
            .put("foregroundColor", "#000000")
            .put("selected", true)
            .put("accessRole", "owner");
    entry.putArray("defaultReminders").addObject().put("method", "popup").put("minutes", 10);
    entry.put("primary", true);
    return entry;
  }
}
