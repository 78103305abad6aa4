package io.calsync.e2e.benchmark;

import io.calsync.e2e.CalSyncSystem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * CRM users with Google accounts, connected through the real "Connect Google Calendar" flow (as
 * {@code io.calsync.e2e.GoogleConnections} does for the tests, whose helpers are package-private
 * there): token-service's authorization request, the emulator's consent page, the callback.
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

  /** Connects each user to their account, one after the other. */
  static void connectAll(CalSyncSystem system, HttpJson http, List<User> users) {
    for (User user : users) {
      connect(system, http, user);
    }
  }

  static void connect(CalSyncSystem system, HttpJson http, User user) {
    String tokenService = system.tokenServiceUrl();
    HttpJson.Reply started =
        http.send(
            "POST",
            tokenService + "/api/v1/connections/google/authorization-requests",
            user.bearer(),
            "{}",
            Map.of());
    require(started.status() == 201, "authorization request", started);
    String authorizationUrl = started.json().path("authorizationUrl").asText();
    String callback = system.google().approveConsent(authorizationUrl, user.account());
    // The browser returns to the callback with the cookies set when the attempt started.
    HttpJson.Reply completed = http.send("GET", callback, null, null, cookiesSetBy(started));
    require(
        completed.status() == 302
            && completed.headers().firstValue("Location").orElse("").contains("connected=google"),
        "callback",
        completed);
    HttpJson.Reply status = http.get(tokenService + "/api/v1/connections/google", user.bearer());
    require(
        status.status() == 200 && "CONNECTED".equals(status.json().path("status").asText()),
        "connection status",
        status);
  }

  private static Map<String, String> cookiesSetBy(HttpJson.Reply reply) {
    String cookies =
        reply.headers().allValues("Set-Cookie").stream()
            .map(setCookie -> setCookie.split(";", 2)[0].trim())
            .collect(Collectors.joining("; "));
    return cookies.isEmpty() ? Map.of() : Map.of("Cookie", cookies);
  }

  private static void require(boolean condition, String step, HttpJson.Reply reply) {
    if (!condition) {
      throw new IllegalStateException(
          "Connecting a benchmark user failed at " + step + ": " + reply);
    }
  }
}
