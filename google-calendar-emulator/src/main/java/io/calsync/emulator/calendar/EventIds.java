package io.calsync.emulator.calendar;

import io.calsync.emulator.wire.GoogleApiException;
import java.security.SecureRandom;

/**
 * Event ids as Google accepts them: base32hex characters (lowercase {@code a-v} and digits), 5 to
 * 1024 characters.
 */
final class EventIds {

  private static final String ALPHABET = "0123456789abcdefghijklmnopqrstuv";
  private static final SecureRandom RANDOM = new SecureRandom();

  private EventIds() {}

  static boolean isValid(String id) {
    if (id == null || id.length() < 5 || id.length() > 1024) {
      return false;
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (!((c >= 'a' && c <= 'v') || (c >= '0' && c <= '9'))) {
        return false;
      }
    }
    return true;
  }

  static String requireValid(String id) {
    if (!isValid(id)) {
      throw GoogleApiException.invalid("Invalid resource id value.");
    }
    return id;
  }

  /** A server-chosen id, 26 base32hex characters like Google's. */
  static String generate() {
    StringBuilder id = new StringBuilder(26);
    for (int i = 0; i < 26; i++) {
      id.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return id.toString();
  }
}
