package io.calsync.emulator.calendar;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.calsync.emulator.store.Resettable;
import io.calsync.emulator.wire.GoogleApiException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Server-side state behind {@code nextPageToken}: the result set fixed at the first page, so paging
 * is stable while writes go on, and the sync token to hand out on the last page. Tokens can be
 * replayed (a client retrying a page after a 5xx gets the same page).
 */
@Component
class PageCursors implements Resettable {

  private static final Duration TTL = Duration.ofHours(1);
  private static final SecureRandom RANDOM = new SecureRandom();

  record Cursor(
      String calendarId,
      List<ObjectNode> items,
      int offset,
      String nextSyncToken,
      Instant createdAt) {}

  private final Map<String, Cursor> cursors = new ConcurrentHashMap<>();
  private final Clock clock;

  PageCursors(Clock clock) {
    this.clock = clock;
  }

  String save(Cursor cursor) {
    Instant now = clock.instant();
    cursors.values().removeIf(c -> c.createdAt().plus(TTL).isBefore(now));
    byte[] bytes = new byte[18];
    RANDOM.nextBytes(bytes);
    String token = "EjU" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    cursors.put(token, cursor);
    return token;
  }

  Cursor find(String token, String calendarId) {
    Cursor cursor = cursors.get(token);
    if (cursor == null || !cursor.calendarId().equals(calendarId)) {
      throw GoogleApiException.invalidParameter("pageToken", "Invalid page token value.");
    }
    return cursor;
  }

  @Override
  public void reset() {
    cursors.clear();
  }
}
