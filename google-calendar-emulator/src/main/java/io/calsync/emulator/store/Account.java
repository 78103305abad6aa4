package io.calsync.emulator.store;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.UUID;

/** A Google account; its primary calendar's id is its e-mail address. */
public record Account(String email, String name, String subject) {

  public static Account of(String email) {
    String normalized = email.trim().toLowerCase(Locale.ROOT);
    String local = normalized.substring(0, Math.max(normalized.indexOf('@'), 0));
    String name =
        local.isEmpty() ? normalized : Character.toUpperCase(local.charAt(0)) + local.substring(1);
    // Google subjects are stable numeric strings; derive one from the address so restarts agree.
    UUID uuid = UUID.nameUUIDFromBytes(normalized.getBytes(StandardCharsets.UTF_8));
    String subject = "1" + Long.toUnsignedString(uuid.getMostSignificantBits() >>> 4);
    return new Account(normalized, name, subject);
  }
}
