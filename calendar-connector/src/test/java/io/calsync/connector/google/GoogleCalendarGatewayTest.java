package io.calsync.connector.google;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.api.client.googleapis.json.GoogleJsonResponseException;
import com.google.api.client.http.LowLevelHttpRequest;
import com.google.api.client.http.LowLevelHttpResponse;
import com.google.api.client.json.gson.GsonFactory;
import com.google.api.client.testing.http.MockHttpTransport;
import com.google.api.client.testing.http.MockLowLevelHttpRequest;
import com.google.api.client.testing.http.MockLowLevelHttpResponse;
import com.google.api.services.calendar.model.Event;
import io.calsync.contracts.calendar.SendUpdates;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/**
 * The order of the resilience decorators around a Google call, against a scripted HTTP transport:
 * Retry is outermost, so every attempt takes a fresh permit from both rate limiters.
 */
class GoogleCalendarGatewayTest {

  private static final String BACKEND_ERROR =
      "{\"error\":{\"code\":503,\"message\":\"Backend Error\","
          + "\"errors\":[{\"domain\":\"global\",\"reason\":\"backendError\"}]}}";
  private static final String INVALID =
      "{\"error\":{\"code\":400,\"message\":\"Invalid\","
          + "\"errors\":[{\"domain\":\"global\",\"reason\":\"invalid\"}]}}";
  private static final String CREATED = "{\"id\":\"cs0123456789\",\"etag\":\"\\\"1\\\"\"}";

  private record Answer(int status, String body) {}

  private record Seen(String method, String url, String authorization, String ifMatch) {}

  private final Queue<Answer> script = new ConcurrentLinkedQueue<>();
  private final Queue<Seen> seen = new ConcurrentLinkedQueue<>();

  private final MockHttpTransport transport =
      new MockHttpTransport() {
        @Override
        public LowLevelHttpRequest buildRequest(String method, String url) {
          return new MockLowLevelHttpRequest(url) {
            @Override
            public LowLevelHttpResponse execute() {
              seen.add(new Seen(method, url, header("authorization"), header("if-match")));
              Answer answer = script.remove();
              return respond(answer);
            }

            private String header(String name) {
              List<String> values = getHeaders().get(name);
              return values == null ? null : values.get(0);
            }
          };
        }
      };

  private static LowLevelHttpResponse respond(Answer answer) {
    return new MockLowLevelHttpResponse()
        .setStatusCode(answer.status())
        .setContentType("application/json; charset=UTF-8")
        .setContent(answer.body());
  }

  private final RateLimiterConfig budget =
      RateLimiterConfig.custom()
          .limitForPeriod(100)
          .limitRefreshPeriod(Duration.ofHours(1))
          .timeoutDuration(Duration.ZERO)
          .build();
  private final RateLimiter projectLimiter = RateLimiter.of("google-project", budget);
  private final RateLimiterRegistry userLimiters = RateLimiterRegistry.of(budget);
  private final GoogleCalendarGateway gateway =
      new GoogleCalendarGateway(
          transport,
          GsonFactory.getDefaultInstance(),
          new GoogleCalendarProperties(
              "https://calendar.example/",
              "calsync-test",
              Duration.ofSeconds(1),
              Duration.ofSeconds(1),
              "google-user"),
          Retry.of(
              "google-calendar",
              RetryConfig.custom()
                  .maxAttempts(5)
                  .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(10, 2.0, 0.5))
                  .retryOnException(new TransientGoogleError())
                  .build()),
          CircuitBreaker.ofDefaults("google-calendar"),
          projectLimiter,
          userLimiters);

  @Test
  void retriesServerErrors_takingFreshPermitsOnEveryAttempt() {
    script.add(new Answer(503, BACKEND_ERROR));
    script.add(new Answer(503, BACKEND_ERROR));
    script.add(new Answer(200, CREATED));

    StepVerifier.create(
            gateway.insert(
                new GoogleAccess("user-1", "access-token-1"),
                "primary",
                new Event().setId("cs0123456789"),
                SendUpdates.NONE))
        .assertNext(event -> assertThat(event.getEtag()).isEqualTo("\"1\""))
        .verifyComplete();

    assertThat(seen).hasSize(3);
    assertThat(seen)
        .allSatisfy(
            request -> {
              assertThat(request.method()).isEqualTo("POST");
              assertThat(request.url())
                  .startsWith("https://calendar.example/calendar/v3/calendars/primary/events")
                  .contains("sendUpdates=none");
              assertThat(request.authorization()).isEqualTo("Bearer access-token-1");
            });
    assertThat(projectLimiter.getMetrics().getAvailablePermissions()).isEqualTo(97);
    assertThat(userLimiters.rateLimiter("user-1").getMetrics().getAvailablePermissions())
        .isEqualTo(97);
    assertThat(userLimiters.rateLimiter("user-2").getMetrics().getAvailablePermissions())
        .as("another user's budget")
        .isEqualTo(100);
  }

  @Test
  void doesNotRetryOtherClientErrors() {
    script.add(new Answer(400, INVALID));

    StepVerifier.create(
            gateway.patch(
                new GoogleAccess("user-1", "access-token-1"),
                "primary",
                "cs0123456789",
                new Event(),
                "\"1\"",
                SendUpdates.ALL))
        .expectErrorSatisfies(
            error -> {
              assertThat(error).isInstanceOf(GoogleJsonResponseException.class);
              assertThat(GoogleErrors.reason(error)).isEqualTo("invalid");
            })
        .verify();

    assertThat(seen).hasSize(1);
    assertThat(seen.peek().method()).isEqualTo("PATCH");
    assertThat(seen.peek().url()).contains("sendUpdates=all");
    assertThat(seen.peek().ifMatch()).isEqualTo("\"1\"");
  }
}
