package io.calsync.token.syncnow;

import io.calsync.contracts.Topics;
import io.calsync.contracts.sync.SyncNowRequested;
import io.calsync.token.connection.ConnectionRepository;
import io.calsync.token.connection.GoogleConnection;
import io.calsync.token.messaging.ContractPublisher;
import io.calsync.token.web.Problems;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * "Sync Now": publishes {@code SyncNowRequested} on {@code sync.requests}, rate-limited per user.
 */
@RestController
@EnableConfigurationProperties(SyncNowProperties.class)
class SyncNowController {

  private final ConnectionRepository connections;
  private final ContractPublisher publisher;
  private final SyncNowRateLimiter limiter;
  private final Clock clock;

  SyncNowController(
      ConnectionRepository connections,
      ContractPublisher publisher,
      SyncNowProperties properties,
      Clock clock) {
    this.connections = connections;
    this.publisher = publisher;
    this.limiter = new SyncNowRateLimiter(properties.minInterval(), clock);
    this.clock = clock;
  }

  record Accepted(String requestId, Instant requestedAt) {}

  @PostMapping("/api/v1/sync/requests")
  Mono<ResponseEntity<Accepted>> syncNow(@AuthenticationPrincipal Jwt user) {
    String userId = user.getSubject();
    return connections
        .find(userId)
        .filter(GoogleConnection::usable)
        .switchIfEmpty(Mono.error(() -> Problems.noConnection(userId)))
        .flatMap(
            connection -> {
              Optional<Duration> wait = limiter.tryAcquire(userId);
              if (wait.isPresent()) {
                return Mono.error(
                    Problems.tooManyRequests(
                        "A sync was requested moments ago; try again shortly.", wait.get()));
              }
              Accepted accepted = new Accepted(UUID.randomUUID().toString(), clock.instant());
              return publisher
                  .publish(
                      Topics.SYNC_REQUESTS,
                      new SyncNowRequested(
                          accepted.requestId(), userId, userId, accepted.requestedAt()))
                  .thenReturn(ResponseEntity.status(HttpStatus.ACCEPTED).body(accepted));
            });
  }
}
