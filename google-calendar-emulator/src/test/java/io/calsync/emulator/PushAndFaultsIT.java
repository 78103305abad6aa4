package io.calsync.emulator;

import static io.calsync.emulator.EventMother.meeting;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.api.client.http.HttpHeaders;
import com.google.api.services.calendar.Calendar;
import com.google.api.services.calendar.model.Channel;
import com.sun.net.httpserver.HttpServer;
import io.calsync.emulator.faults.FaultInjector;
import io.calsync.emulator.faults.QuotaLimiter;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Push notifications and injected failures, seen through the official Google Java client. */
class PushAndFaultsIT extends CalendarClientTestBase {

  HttpServer receiver;
  final List<Map<String, String>> notifications = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startReceiver() throws IOException {
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext(
        "/webhooks/google",
        exchange -> {
          notifications.add(
              Map.of(
                  "id", exchange.getRequestHeaders().getFirst("X-Goog-Channel-ID"),
                  "token",
                      String.valueOf(exchange.getRequestHeaders().getFirst("X-Goog-Channel-Token")),
                  "expiration", exchange.getRequestHeaders().getFirst("X-Goog-Channel-Expiration"),
                  "resourceId", exchange.getRequestHeaders().getFirst("X-Goog-Resource-ID"),
                  "resourceUri", exchange.getRequestHeaders().getFirst("X-Goog-Resource-URI"),
                  "state", exchange.getRequestHeaders().getFirst("X-Goog-Resource-State"),
                  "number", exchange.getRequestHeaders().getFirst("X-Goog-Message-Number")));
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    receiver.start();
  }

  @AfterEach
  void stopReceiver() {
    receiver.stop(0);
  }

  String webhook() {
    return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/webhooks/google";
  }

  @Test
  void watchChannel_deliversSyncThenExists_untilStopped() throws IOException {
    long expiration = Instant.now().plus(Duration.ofHours(2)).toEpochMilli();
    Channel channel =
        alice
            .events()
            .watch(
                "primary",
                new Channel()
                    .setId("chan-1")
                    .setType("web_hook")
                    .setAddress(webhook())
                    .setToken("secret-token")
                    .setExpiration(expiration))
            .execute();
    assertThat(channel.getExpiration()).isEqualTo(expiration);
    assertThat(channel.getResourceId()).isNotBlank();

    await().until(() -> notifications.size() == 1);
    insert(meeting("ping"));
    google
        .control()
        .createEvent(
            ALICE,
            new com.fasterxml.jackson.databind.ObjectMapper()
                .readValue(
                    "{\"summary\":\"by user\",\"start\":{\"date\":\"2030-01-01\"},\"end\":{\"date\":\"2030-01-02\"}}",
                    com.fasterxml.jackson.databind.node.ObjectNode.class));
    await().until(() -> notifications.size() == 3);

    assertThat(notifications)
        .extracting(n -> n.get("state"))
        .containsExactly("sync", "exists", "exists");
    assertThat(notifications).extracting(n -> n.get("number")).containsExactly("1", "2", "3");
    assertThat(notifications)
        .allSatisfy(
            n -> {
              assertThat(n.get("id")).isEqualTo("chan-1");
              assertThat(n.get("token")).isEqualTo("secret-token");
              assertThat(n.get("resourceId")).isEqualTo(channel.getResourceId());
              assertThat(n.get("resourceUri")).isEqualTo(channel.getResourceUri());
              assertThat(n.get("expiration")).endsWith("GMT");
            });

    alice
        .channels()
        .stop(new Channel().setId("chan-1").setResourceId(channel.getResourceId()))
        .execute();
    insert(meeting("after stop"));
    await()
        .during(Duration.ofMillis(500))
        .atMost(Duration.ofSeconds(2))
        .until(() -> notifications.size() == 3);
    assertGoogleError(
        () ->
            alice
                .channels()
                .stop(new Channel().setId("chan-1").setResourceId(channel.getResourceId()))
                .execute(),
        404,
        "global",
        "notFound");
  }

  @Test
  void expiredChannel_goesSilent() throws IOException {
    Instant expiration = Instant.now().plusSeconds(2);
    alice
        .events()
        .watch(
            "primary",
            new Channel()
                .setId("short")
                .setType("web_hook")
                .setAddress(webhook())
                .setExpiration(expiration.toEpochMilli()))
        .execute();
    await().until(() -> notifications.size() == 1);
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> Instant.now().isAfter(expiration.plusMillis(100)));

    insert(meeting("too late"));

    await()
        .during(Duration.ofMillis(500))
        .atMost(Duration.ofSeconds(2))
        .until(() -> notifications.size() == 1);
    assertThat(google.control().channels()).isEmpty();
  }

  @Test
  void userRateLimit_answers403UsageLimits_thenRecovers() throws IOException {
    google
        .control()
        .rateLimit(
            new QuotaLimiter.RateLimitRule(null, QuotaLimiter.Scope.USER, ALICE, 403, 2, null));

    assertGoogleError(() -> list().execute(), 403, "usageLimits", "userRateLimitExceeded");
    assertGoogleError(() -> insert(meeting("x")), 403, "usageLimits", "userRateLimitExceeded");
    assertThat(list().execute().getItems()).isEmpty();
  }

  @Test
  void projectRateLimit_answers429() {
    google
        .control()
        .rateLimit(
            new QuotaLimiter.RateLimitRule(null, QuotaLimiter.Scope.PROJECT, null, 429, 1, null));

    assertGoogleError(() -> list().execute(), 429, "usageLimits", "rateLimitExceeded");
  }

  @Test
  void realisticQuota_limitsEachUserPerSlidingMinute() throws IOException {
    google.control().configureQuota(new QuotaLimiter.Quota(QuotaLimiter.Mode.REALISTIC, 5, 10_000));
    Calendar bob = new GoogleOAuthFlow(google).calendarFor("bob@example.com");

    for (int i = 0; i < 5; i++) {
      list().execute();
    }
    assertGoogleError(() -> list().execute(), 403, "usageLimits", "userRateLimitExceeded");
    assertThat(bob.events().list("primary").execute().getItems())
        .as("other users keep their own quota")
        .isEmpty();
  }

  @Test
  void injectedServerErrors_failTheNextCallsOnly() throws IOException {
    google
        .control()
        .injectErrors(
            new FaultInjector.ErrorRule(null, 503, null, null, 2, null, "events.list", null));

    assertGoogleError(() -> list().execute(), 503, "global", "backendError");
    assertGoogleError(() -> list().execute(), 503, "global", "backendError");
    assertThat(list().execute().getItems()).isEmpty();
    assertThat(insert(meeting("unaffected")).getId()).isNotBlank();
    assertThat(google.callCount("events.list", ALICE)).isEqualTo(3);
  }

  @Test
  void injectedLatency_delaysCalls() throws IOException {
    google.control().injectLatency(new FaultInjector.LatencyRule(null, 300, "events.*"));

    long started = System.nanoTime();
    list().execute();

    assertThat(Duration.ofNanos(System.nanoTime() - started))
        .isGreaterThanOrEqualTo(Duration.ofMillis(300));
  }

  @Test
  void gzippedBodiesAndMethodOverride_areUnderstood() throws IOException {
    // The Java client gzips bodies and sends PATCH as POST with X-HTTP-Method-Override.
    Calendar.Events.Insert insert = alice.events().insert("primary", meeting("zipped"));
    insert.setDisableGZipContent(false);
    String id = insert.execute().getId();
    Calendar.Events.Patch patch =
        alice
            .events()
            .patch(
                "primary",
                id,
                new com.google.api.services.calendar.model.Event().setSummary("patched"));
    patch.setRequestHeaders(new HttpHeaders().set("X-HTTP-Method-Override", "PATCH"));

    assertThat(patch.execute().getSummary()).isEqualTo("patched");
    assertThat(google.callCount("events.patch")).isEqualTo(1);
  }
}
