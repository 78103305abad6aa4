package io.calsync.contracts.calendar;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The Google event id of a task's event, derived from {@code (userId, taskId)} alone: the {@code
 * eventId} of every {@link UpsertEvent} and {@link DeleteEvent}. A replay, a lost link or a
 * reconnect names the same event instead of creating a second one, and the connector can tell an
 * event CalSync created from one the user created (and stamped with a {@code calsyncTaskId}
 * themselves, e.g. by copying an event): only the former has this id.
 *
 * <p>Google accepts ids of 5–1024 characters from the base32hex alphabet ({@code a-v}, {@code
 * 0-9}). The id is {@code "cs"} followed by the base32hex (lower case) of {@code SHA-256(userId +
 * "\u0000" + taskId)}, cut to {@value #LENGTH} characters in all (250 bits of the hash). Golden
 * vectors: {@code ("user-42", "7b0d1c2e-4f35-4a8b-9c61-0d2f3e4a5b6c")} → {@code
 * cshb1k3lvm4l1qjdiqvf2vvnpnmr374rcvg2aguopm9ssb146ckp}, {@code ("u", "t")} → {@code
 * csuqp17k5n6cbb4q5l61q8ru6sbfd955e2ia57mph8pqvt3gk4s0}.
 */
public final class CalendarEventIds {

  /** Length of every derived id. */
  public static final int LENGTH = 52;

  /** Every derived id starts with this. */
  public static final String PREFIX = "cs";

  private static final char[] BASE32HEX = "0123456789abcdefghijklmnopqrstuv".toCharArray();

  private CalendarEventIds() {}

  /** The id of the event of task {@code taskId} of user {@code userId}. */
  public static String of(String userId, String taskId) {
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

  /** Whether {@code eventId} is the id CalSync gives the event of {@code (userId, taskId)}. */
  public static boolean isOf(String eventId, String userId, String taskId) {
    return eventId != null
        && userId != null
        && taskId != null
        && eventId.equals(of(userId, taskId));
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
