package io.calsync.task.api;

import io.calsync.task.tasks.TaskQuery.Position;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/** Opaque, URL-safe page cursors: the listing position of the last task of a page. */
final class Cursors {

  private Cursors() {}

  static String encode(Position position) {
    String plain = position.createdAt() + "|" + position.id();
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(plain.getBytes(StandardCharsets.UTF_8));
  }

  static Position decode(String cursor) {
    try {
      String plain = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      int separator = plain.indexOf('|');
      return new Position(
          Instant.parse(plain.substring(0, separator)),
          UUID.fromString(plain.substring(separator + 1)));
    } catch (RuntimeException e) {
      throw new InvalidRequestException("cursor", "is not a cursor of this listing");
    }
  }
}
