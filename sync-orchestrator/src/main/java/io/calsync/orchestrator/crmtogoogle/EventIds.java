package io.calsync.orchestrator.crmtogoogle;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The Google event id of a task's event, derived from {@code (userId, taskId)} alone, so a replay,
 * a lost link or a reconnect names the same event instead of creating a second one (an insert with
 * a taken id is answered 409 and the connector adopts the existing event).
 *
 * <p>Google accepts ids of 5–1024 characters from the base32hex alphabet ({@code a-v}, {@code
 * 0-9}). The id is {@code "cs"} followed by the base32hex (lower case) of {@code SHA-256(userId +
 * "\u0000" + taskId)}, cut to {@value #LENGTH} characters in all (250 bits of the hash).
 */
final class EventIds {

  static final int LENGTH = 52;
  static final String PREFIX = "cs";
  private static final char[] BASE32HEX = "0123456789abcdefghijklmnopqrstuv".toCharArray();

  private EventIds() {}

  static String of(String userId, String taskId) {
    byte[] hash = sha256(userId + "\u0000" + taskId);
    StringBuilder id = new StringBuilder(LENGTH).append(PREFIX);
    int buffer = 0;
    int bits = 0;
    for (int i = 0; i < hash.length && id.length() < LENGTH; i++) {
      buffer = (buffer << 8) | (hash[i] & 0xff);
      bits += 8;
      while (bits >= 5 && id.length() < LENGTH) {
        id.append(BASE32HEX[(buffer >> (bits - 5)) & 0x1f]);
        bits -= 5;
      }
    }
    return id.toString();
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
