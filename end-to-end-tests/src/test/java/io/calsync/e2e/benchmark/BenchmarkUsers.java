package io.calsync.e2e.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import io.calsync.e2e.CalSyncSystem;
import io.calsync.e2e.GoogleConnections;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * CRM users with Google accounts, connected through the real "Connect Google Calendar" flow ({@link
 * GoogleConnections}): token-service's authorization request, the emulator's consent page, the
 * callback.
 */
final class BenchmarkUsers {

  /** Long enough for any benchmark run (the tests' tokens last 10 minutes). */
  private static final Duration TOKEN_LIFETIME = Duration.ofHours(2);

  /** One user: CRM id, Google account (= primary calendar id) and bearer token. */
  record User(String userId, String account, String bearer) {}

  private BenchmarkUsers() {}

  /** {@code count} new users with new accounts, not connected yet. */
  static List<User> create(CalSyncSystem system, String prefix, int count) {
    List<User> users = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String userId = CalSyncSystem.newUserId(prefix + i);
      users.add(
          new User(
              userId,
              system.newGoogleAccount(prefix + i),
              system.jwts().token(userId, List.of(), TOKEN_LIFETIME)));
    }
    return users;
  }

  /** Connects each user to their account, one after the other, through the real flow. */
  static void connectAll(CalSyncSystem system, List<User> users) {
    for (User user : users) {
      JsonNode status = GoogleConnections.connect(system, user.userId(), user.account());
      if (!"CONNECTED".equals(status.path("status").asText())) {
        throw new IllegalStateException("Connecting " + user.userId() + " failed: " + status);
      }
    }
  }
}
