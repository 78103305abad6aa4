package io.calsync.emulator.calendar;

import io.calsync.emulator.store.CalendarState;
import io.calsync.emulator.wire.GoogleApiException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Sync tokens: an opaque encoding of (calendar, token generation, change number). Expiring a
 * calendar's tokens bumps its generation, so every older token answers 410 fullSyncRequired.
 */
final class SyncTokens {

  private static final String PREFIX = "emu1";

  private SyncTokens() {}

  static String issue(CalendarState calendar, long changeNumber) {
    String raw =
        PREFIX + "|" + calendar.calendarId() + "|" + calendar.syncGeneration() + "|" + changeNumber;
    return "C"
        + Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  /** The change number a token stands for, or 410 fullSyncRequired when it is no longer valid. */
  static long changeNumber(CalendarState calendar, String token) {
    String[] parts;
    try {
      parts =
          new String(Base64.getUrlDecoder().decode(token.substring(1)), StandardCharsets.UTF_8)
              .split("\\|");
    } catch (IllegalArgumentException | StringIndexOutOfBoundsException e) {
      throw GoogleApiException.invalidParameter("syncToken", "Invalid sync token value.");
    }
    if (parts.length != 4 || !parts[0].equals(PREFIX)) {
      throw GoogleApiException.invalidParameter("syncToken", "Invalid sync token value.");
    }
    if (!parts[1].equals(calendar.calendarId())
        || Integer.parseInt(parts[2]) != calendar.syncGeneration()) {
      throw GoogleApiException.fullSyncRequired();
    }
    return Long.parseLong(parts[3]);
  }
}
