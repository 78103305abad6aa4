package io.calsync.emulator.calendar;

import io.calsync.emulator.oauth.AccessGrant;
import io.calsync.emulator.store.CalendarState;
import io.calsync.emulator.store.CalendarStore;
import io.calsync.emulator.wire.GoogleApiException;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * Resolves a calendar id in a request for the authenticated account: {@code primary} is the
 * account's own calendar; other accounts' calendars are invisible (404), as when not shared.
 */
@Component
class CalendarAccess {

  private final CalendarStore store;

  CalendarAccess(CalendarStore store) {
    this.store = store;
  }

  AccessGrant grant(ServerWebExchange exchange) {
    AccessGrant grant = exchange.getAttribute(AccessGrant.ATTRIBUTE);
    if (grant == null) {
      throw GoogleApiException.authError(false);
    }
    return grant;
  }

  CalendarState resolve(ServerWebExchange exchange, String calendarId) {
    return resolve(grant(exchange).account(), calendarId);
  }

  CalendarState resolve(String account, String calendarId) {
    String id = "primary".equals(calendarId) ? account : calendarId;
    if (!id.equalsIgnoreCase(account)) {
      throw GoogleApiException.notFound();
    }
    return store.calendar(id).orElseThrow(GoogleApiException::notFound);
  }
}
