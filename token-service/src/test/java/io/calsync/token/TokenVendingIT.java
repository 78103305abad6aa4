package io.calsync.token;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import io.calsync.contracts.ContractMessage;
import io.calsync.contracts.Topics;
import io.calsync.contracts.connection.ConnectionLost;
import io.calsync.emulator.GoogleEmulator;
import io.calsync.emulator.faults.FaultInjector;
import io.calsync.testsupport.PostgresDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.reactive.AutoConfigureWebTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Access-token vending to the connector against the emulated Google: caching with refresh before
 * expiry, one refresh in flight per user, loss detection on {@code invalid_grant}, retries.
 */
@SpringBootTest(webEnvironment = WebEnvironment.DEFINED_PORT)
// The build machine is shared; the first requests of a fresh context can be slow.
@AutoConfigureWebTestClient(timeout = "30s")
class TokenVendingIT {

  /** Emulated access tokens live 8 s; refreshed 5 s early, so a cached one goes stale after 3 s. */
  private static final Duration TTL = Duration.ofSeconds(8);

  private static final Duration SKEW = Duration.ofSeconds(5);

  private static GoogleEmulator google;
  private static PostgresDatabase database;

  // Not closed after the class: closing an embedded emulator disposes Reactor Netty's global
  // resources, which the other emulators of this JVM serve on. It ends with the test JVM.
  @DynamicPropertySource
  static void wiring(DynamicPropertyRegistry registry) {
    google = TestGoogle.startEmulator("emulator.access-token-ttl=" + TTL.toSeconds() + "s");
    database = TestGoogle.register(registry, google, TestGoogle.freePort());
    registry.add("calsync.tokens.vending.refresh-skew", () -> SKEW.toSeconds() + "s");
  }

  @Autowired WebTestClient http;

  @AfterEach
  void clearFaults() {
    google.control().clearFaults();
  }

  @Test
  void servesTheCachedTokenUntilItIsAboutToExpire() {
    String userId = connectedUser("alice@example.com");
    long before = tokenCalls();

    String first = accessToken(userId);
    String again = accessToken(userId);

    assertThat(again).isEqualTo(first);
    assertThat(tokenCalls()).isEqualTo(before + 1);
  }

  @Test
  void twentyConcurrentRequestsForAnExpiredToken_refreshItOnceAtGoogle() throws Exception {
    String userId = connectedUser("alice@example.com");
    String stale = accessToken(userId);
    Instant staleAt = Instant.now().plus(TTL).minus(SKEW);
    Thread.sleep(Math.max(0, Duration.between(Instant.now(), staleAt).toMillis() + 300));
    // Google answers slowly, so all twenty requests arrive while the refresh is in flight.
    google.control().injectLatency(new FaultInjector.LatencyRule(null, 500, "oauth.token"));
    long before = tokenCalls();

    List<String> tokens = concurrently(20, () -> accessToken(userId));

    assertThat(tokenCalls()).as("refresh calls at Google").isEqualTo(before + 1);
    Set<String> distinct = tokens.stream().collect(Collectors.toSet());
    assertThat(distinct).hasSize(1).doesNotContain(stale);
  }

  @Test
  void invalidGrant_marksTheConnectionLost_publishesConnectionLost_untilTheUserReconnects() {
    String userId = connectedUser("carol@example.com");
    google.control().revokeGrants("carol@example.com", TestGoogle.CLIENT_ID);
    long before = tokenCalls();

    for (int attempt = 0; attempt < 2; attempt++) {
      http.get()
          .uri("/internal/v1/users/{userId}/google-access-token", userId)
          .headers(h -> h.setBearerAuth(TestJwts.service()))
          .exchange()
          .expectStatus()
          .isEqualTo(409)
          .expectHeader()
          .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
          .expectBody()
          .jsonPath("$.type")
          .isEqualTo("https://calsync.io/problems/connection-lost")
          .jsonPath("$.detail")
          .value(detail -> assertThat(detail.toString()).contains("Reconnect"));
    }

    http.get()
        .uri("/api/v1/connections/google")
        .headers(h -> h.setBearerAuth(TestJwts.user(userId)))
        .exchange()
        .expectBody()
        .jsonPath("$.status")
        .isEqualTo("LOST")
        .jsonPath("$.lostReason")
        .value(reason -> assertThat(reason.toString()).contains("invalid_grant"))
        .jsonPath("$.statusChangedAt")
        .isNotEmpty();
    List<ContractMessage> events = TopicReader.messages(database, Topics.CONNECTION_EVENTS, userId);
    assertThat(events.stream().filter(ConnectionLost.class::isInstance))
        .as("one ConnectionLost however often the connector asks")
        .hasSize(1);
    assertThat(tokenCalls())
        .as("invalid_grant is not retried, and a lost connection is not refreshed again")
        .isEqualTo(before + 1);

    new ConnectSteps(http, google).connect(userId, "carol@example.com");

    assertThat(accessToken(userId)).isNotBlank();
  }

  @Test
  void retriesWhenGoogleFailsTransiently() {
    String userId = connectedUser("bob@example.com");
    google
        .control()
        .injectErrors(
            new FaultInjector.ErrorRule(
                null, 503, "backendError", "Backend Error", 1, null, "oauth.token", null));
    long before = tokenCalls();

    assertThat(accessToken(userId)).isNotBlank();

    assertThat(tokenCalls()).isEqualTo(before + 2);
  }

  @Test
  void aForcedRefreshBypassesTheCache() {
    String userId = connectedUser("bob@example.com");
    String cached = accessToken(userId);

    String forced =
        JsonPath.read(
            new String(
                http.get()
                    .uri("/internal/v1/users/{userId}/google-access-token?refresh=true", userId)
                    .headers(h -> h.setBearerAuth(TestJwts.service()))
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody()
                    .returnResult()
                    .getResponseBody()),
            "$.accessToken");

    assertThat(forced).isNotEqualTo(cached);
  }

  @Test
  void answers404ProblemForAUserWithoutConnection() {
    http.get()
        .uri("/internal/v1/users/{userId}/google-access-token", "nobody-" + UUID.randomUUID())
        .headers(h -> h.setBearerAuth(TestJwts.service()))
        .exchange()
        .expectStatus()
        .isNotFound()
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo("https://calsync.io/problems/no-connection");
  }

  @Test
  void refusesUserTokensAndAnonymousCallers() {
    String userId = connectedUser("alice@example.com");

    http.get()
        .uri("/internal/v1/users/{userId}/google-access-token", userId)
        .headers(h -> h.setBearerAuth(TestJwts.user(userId)))
        .exchange()
        .expectStatus()
        .isForbidden();
    http.get()
        .uri("/internal/v1/users/{userId}/google-access-token", userId)
        .exchange()
        .expectStatus()
        .isUnauthorized();
    http.get()
        .uri("/internal/v1/users/{userId}/google-access-token", userId)
        .headers(
            h ->
                h.setBearerAuth(
                    TestJwts.token(
                        "calendar-connector", List.of("SERVICE"), Duration.ofMinutes(-5))))
        .exchange()
        .expectStatus()
        .isUnauthorized();
  }

  private String connectedUser(String account) {
    String userId = "user-" + UUID.randomUUID();
    new ConnectSteps(http, google).connect(userId, account);
    return userId;
  }

  private String accessToken(String userId) {
    byte[] body =
        http.get()
            .uri("/internal/v1/users/{userId}/google-access-token", userId)
            .headers(h -> h.setBearerAuth(TestJwts.service()))
            .exchange()
            .expectStatus()
            .isOk()
            .expectHeader()
            .cacheControl(CacheControl.noStore())
            .expectBody()
            .jsonPath("$.expiresAt")
            .isNotEmpty()
            .returnResult()
            .getResponseBody();
    return JsonPath.read(new String(body), "$.accessToken");
  }

  private static long tokenCalls() {
    return google.callCount("oauth.token");
  }

  private static <T> List<T> concurrently(int n, Callable<T> call) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  return call.call();
                }));
      }
      start.countDown();
      List<T> results = new ArrayList<>();
      for (Future<T> future : futures) {
        results.add(future.get());
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }
}
