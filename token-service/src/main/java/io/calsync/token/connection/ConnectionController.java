package io.calsync.token.connection;

import io.calsync.contracts.connection.ConnectionRevoked;
import io.calsync.platform.outbox.OutboxWriter;
import io.calsync.token.web.Problems;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The caller's own Google connection: status, and disconnect (which keeps the user's data
 * everywhere; {@code erasure.ErasureController} erases it). There is no way to name another.
 */
@RestController
@RequestMapping("/api/v1/connections/google")
class ConnectionController {

  private static final Logger log = LoggerFactory.getLogger(ConnectionController.class);

  private final ConnectionRepository connections;
  private final GrantRevocation grants;
  private final OutboxWriter outbox;
  private final TransactionalOperator transaction;
  private final Clock clock;

  ConnectionController(
      ConnectionRepository connections,
      GrantRevocation grants,
      OutboxWriter outbox,
      TransactionalOperator transaction,
      Clock clock) {
    this.connections = connections;
    this.grants = grants;
    this.outbox = outbox;
    this.transaction = transaction;
    this.clock = clock;
  }

  /**
   * What the settings page shows.
   *
   * @param lostReason why the connection was lost, for the user; null unless {@code LOST}
   * @param lastSuccessfulSyncAt null until the orchestrator reports sync runs
   */
  record ConnectionView(
      String userId,
      ConnectionStatus status,
      String googleAccountEmail,
      List<String> scopes,
      Instant connectedAt,
      Instant statusChangedAt,
      String lostReason,
      Instant lastSuccessfulSyncAt) {

    static ConnectionView of(GoogleConnection c) {
      return new ConnectionView(
          c.userId(),
          c.status(),
          c.googleEmail(),
          c.scopes(),
          c.connectedAt(),
          c.statusChangedAt(),
          c.lostReason(),
          c.lastSyncedAt());
    }

    static ConnectionView never(String userId) {
      return new ConnectionView(
          userId, ConnectionStatus.DISCONNECTED, null, List.of(), null, null, null, null);
    }
  }

  @GetMapping
  Mono<ConnectionView> status(@AuthenticationPrincipal Jwt user) {
    String userId = user.getSubject();
    return connections
        .find(userId)
        .map(ConnectionView::of)
        .defaultIfEmpty(ConnectionView.never(userId));
  }

  /**
   * Disconnects: revokes the grant at Google, erases the tokens, publishes {@code
   * ConnectionRevoked}. If Google cannot be reached nothing changes (503), so that a grant is never
   * left behind at Google while we believe it gone.
   */
  @DeleteMapping
  Mono<ResponseEntity<Void>> disconnect(@AuthenticationPrincipal Jwt user) {
    String userId = user.getSubject();
    return connections
        .find(userId)
        .filter(c -> c.status() != ConnectionStatus.REVOKED)
        .switchIfEmpty(Mono.error(() -> Problems.noConnection(userId)))
        .flatMap(connection -> grants.revoke(connection).then(erase(userId)))
        .thenReturn(ResponseEntity.noContent().build());
  }

  private Mono<Void> erase(String userId) {
    Instant now = clock.instant();
    return transaction
        .transactional(
            connections
                .markRevoked(userId, now)
                .then(outbox.append(new ConnectionRevoked(userId, now), now))
                .then())
        .doOnSuccess(done -> log.info("User {} disconnected Google", userId));
  }
}
