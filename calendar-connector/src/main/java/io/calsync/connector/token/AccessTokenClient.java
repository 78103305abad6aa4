package io.calsync.connector.token;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import io.github.resilience4j.reactor.retry.RetryOperator;
import io.github.resilience4j.retry.Retry;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

/**
 * Google access tokens of users, vended by token-service's internal endpoint {@code GET
 * /internal/v1/users/{userId}/google-access-token} and cached until shortly before they expire.
 *
 * <p>Answers: a token; {@link NotConnectedException} (404); {@link ConnectionLostException} (409
 * with a problem type ending in {@code /connection-lost}); {@link TokenServiceUnavailableException}
 * for anything else, after the {@code token-service} retry and circuit breaker. Tokens never appear
 * in exceptions or logs.
 */
public class AccessTokenClient {

  static final String PATH = "/internal/v1/users/{userId}/google-access-token";
  static final String CONNECTION_LOST_TYPE_SUFFIX = "/connection-lost";

  /** The body of a successful answer; {@code toString} hides the token. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record AccessTokenResponse(String accessToken, String expiresAt) {
    @Override
    public String toString() {
      return "AccessTokenResponse[expiresAt=" + expiresAt + "]";
    }
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Problem(String type, String title) {}

  private static final TransientTokenServiceError TRANSIENT = new TransientTokenServiceError();

  private record CachedToken(String token, Instant expiresAt) {}

  private final WebClient webClient;
  private final ServiceTokenIssuer serviceTokens;
  private final TokenServiceProperties properties;
  private final Retry retry;
  private final CircuitBreaker circuitBreaker;
  private final Clock clock;
  private final Map<String, CachedToken> cache = new ConcurrentHashMap<>();

  AccessTokenClient(
      WebClient webClient,
      ServiceTokenIssuer serviceTokens,
      TokenServiceProperties properties,
      Retry retry,
      CircuitBreaker circuitBreaker,
      Clock clock) {
    this.webClient = webClient;
    this.serviceTokens = serviceTokens;
    this.properties = properties;
    this.retry = retry;
    this.circuitBreaker = circuitBreaker;
    this.clock = clock;
  }

  /** A Google access token of {@code userId}, from the cache while it stays valid long enough. */
  public Mono<String> accessToken(String userId) {
    CachedToken cached = cache.get(userId);
    if (cached != null
        && clock.instant().plus(properties.expiryMargin()).isBefore(cached.expiresAt())) {
      return Mono.just(cached.token());
    }
    return fetch(userId, false).map(response -> remember(userId, response));
  }

  /**
   * A newly refreshed access token of {@code userId}, for when Google rejected the current one
   * (401): token-service is asked to refresh ({@code ?refresh=true}) instead of answering from its
   * own cache.
   */
  public Mono<String> refreshedAccessToken(String userId) {
    cache.remove(userId);
    return fetch(userId, true).map(response -> remember(userId, response));
  }

  /** Forgets the cached token of {@code userId}, e.g. after the connection was lost or revoked. */
  public void invalidate(String userId) {
    cache.remove(userId);
  }

  private String remember(String userId, AccessTokenResponse response) {
    Instant expiresAt = OffsetDateTime.parse(response.expiresAt()).toInstant();
    cache.put(userId, new CachedToken(response.accessToken(), expiresAt));
    return response.accessToken();
  }

  private Mono<AccessTokenResponse> fetch(String userId, boolean refresh) {
    return webClient
        .get()
        .uri(properties.url() + PATH + (refresh ? "?refresh=true" : ""), userId)
        .headers(headers -> headers.setBearerAuth(serviceTokens.token()))
        .exchangeToMono(response -> read(userId, response))
        .timeout(properties.timeout())
        .transformDeferred(CircuitBreakerOperator.of(circuitBreaker))
        .transformDeferred(RetryOperator.of(retry))
        .onErrorMap(
            error -> TRANSIENT.test(error) && !(error instanceof TokenServiceUnavailableException),
            error -> new TokenServiceUnavailableException("token-service unreachable", true))
        .onErrorMap(
            CallNotPermittedException.class,
            error -> new TokenServiceUnavailableException("token-service circuit is open", true));
  }

  private static Mono<AccessTokenResponse> read(String userId, ClientResponse response) {
    HttpStatus status = HttpStatus.resolve(response.statusCode().value());
    if (response.statusCode().is2xxSuccessful()) {
      return response
          .bodyToMono(AccessTokenResponse.class)
          .filter(body -> body.accessToken() != null && body.expiresAt() != null)
          .switchIfEmpty(
              Mono.error(
                  new TokenServiceUnavailableException(
                      "token-service answered without accessToken/expiresAt", false)));
    }
    if (status == HttpStatus.NOT_FOUND) {
      return response.releaseBody().then(Mono.error(new NotConnectedException(userId)));
    }
    if (status == HttpStatus.CONFLICT) {
      return response
          .bodyToMono(Problem.class)
          .onErrorResume(error -> Mono.empty())
          .defaultIfEmpty(new Problem(null, null))
          .flatMap(
              problem ->
                  problem.type() != null && problem.type().endsWith(CONNECTION_LOST_TYPE_SUFFIX)
                      ? Mono.error(new ConnectionLostException(userId))
                      : Mono.error(
                          new TokenServiceUnavailableException(
                              "token-service answered 409 " + problem.type(), false)));
    }
    boolean transientFailure = response.statusCode().is5xxServerError();
    return response
        .releaseBody()
        .then(
            Mono.error(
                new TokenServiceUnavailableException(
                    "token-service answered " + response.statusCode().value(), transientFailure)));
  }
}
