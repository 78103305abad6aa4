package io.calsync.token.vending;

import io.calsync.contracts.connection.ConnectionLost;
import io.calsync.platform.outbox.OutboxWriter;
import io.calsync.token.connection.ConnectionRepository;
import io.calsync.token.connection.ConnectionStatus;
import io.calsync.token.connection.GoogleConnection;
import io.calsync.token.crypto.TokenCipher;
import io.calsync.token.google.GoogleOAuthClient;
import io.calsync.token.google.GoogleRejectedException;
import io.calsync.token.google.GoogleTokens;
import io.calsync.token.web.Problems;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Hands out Google access tokens to the connector. Tokens are cached in memory per instance (a
 * second instance refreshes on its own; Google allows many live access tokens per grant). The
 * connection row is read on every call, so a disconnect or loss takes effect at once on every
 * instance; a cached token is used only for the grant it came from ({@code connectedAt}).
 *
 * <p>At most one refresh per user is in flight: concurrent callers share one cached {@code Mono},
 * removed when it completes. {@code invalid_grant} marks the connection {@code LOST} and publishes
 * {@code ConnectionLost} once.
 */
@Service
@EnableConfigurationProperties(VendingProperties.class)
public class AccessTokenVendor {

  static final String LOST_REASON =
      "Google no longer accepts CalSync's access to this account (invalid_grant: it was revoked"
          + " in the Google account, expired, or the password changed). Reconnect Google Calendar.";

  private static final Logger log = LoggerFactory.getLogger(AccessTokenVendor.class);

  private final ConnectionRepository connections;
  private final GoogleOAuthClient google;
  private final TokenCipher cipher;
  private final OutboxWriter outbox;
  private final TransactionalOperator transaction;
  private final VendingProperties properties;
  private final Clock clock;
  private final Map<String, CachedToken> cache = new ConcurrentHashMap<>();
  private final Map<String, Mono<AccessToken>> inFlight = new ConcurrentHashMap<>();

  AccessTokenVendor(
      ConnectionRepository connections,
      GoogleOAuthClient google,
      TokenCipher cipher,
      OutboxWriter outbox,
      TransactionalOperator transaction,
      VendingProperties properties,
      Clock clock) {
    this.connections = connections;
    this.google = google;
    this.cipher = cipher;
    this.outbox = outbox;
    this.transaction = transaction;
    this.properties = properties;
    this.clock = clock;
  }

  /** What the connector receives. */
  record AccessToken(String accessToken, Instant expiresAt) {
    @Override
    public String toString() {
      return "AccessToken[accessToken=***, expiresAt=" + expiresAt + "]";
    }
  }

  private record CachedToken(AccessToken token, Instant connectedAt) {}

  /**
   * @param forceRefresh skip the cache, e.g. because Google just answered 401 to the cached token
   */
  Mono<AccessToken> accessToken(String userId, boolean forceRefresh) {
    return connections
        .find(userId)
        .switchIfEmpty(Mono.error(() -> Problems.noConnection(userId)))
        .flatMap(
            connection -> {
              if (connection.status() == ConnectionStatus.LOST) {
                return Mono.error(Problems.connectionLost(connection.lostReason()));
              }
              if (!connection.usable()) {
                return Mono.error(Problems.noConnection(userId));
              }
              CachedToken cached = cache.get(userId);
              if (!forceRefresh
                  && cached != null
                  && cached.connectedAt().equals(connection.connectedAt())
                  && cached
                      .token()
                      .expiresAt()
                      .isAfter(clock.instant().plus(properties.refreshSkew()))) {
                return Mono.just(cached.token());
              }
              return singleFlightRefresh(connection);
            });
  }

  private Mono<AccessToken> singleFlightRefresh(GoogleConnection connection) {
    String userId = connection.userId();
    return inFlight.computeIfAbsent(
        userId,
        id -> {
          AtomicReference<Mono<AccessToken>> self = new AtomicReference<>();
          Mono<AccessToken> refresh =
              refresh(connection).doFinally(signal -> inFlight.remove(id, self.get())).cache();
          self.set(refresh);
          return refresh;
        });
  }

  private Mono<AccessToken> refresh(GoogleConnection connection) {
    String userId = connection.userId();
    return Mono.fromCallable(() -> cipher.decrypt(connection.refreshToken(), userId))
        .flatMap(google::refresh)
        .flatMap(tokens -> store(connection, tokens))
        .onErrorResume(
            GoogleRejectedException.class,
            e ->
                e.invalidGrant()
                    ? markLost(connection).then(Mono.error(Problems.connectionLost(LOST_REASON)))
                    : Mono.error(
                        Problems.googleRejected(
                            "Google refused to refresh the access token (" + e.error() + ")")));
  }

  private Mono<AccessToken> store(GoogleConnection connection, GoogleTokens tokens) {
    AccessToken token =
        new AccessToken(
            tokens.accessToken(), clock.instant().plusSeconds(tokens.expiresInSeconds()));
    cache.put(connection.userId(), new CachedToken(token, connection.connectedAt()));
    if (tokens.refreshToken() == null) {
      return Mono.just(token);
    }
    // Google rotated the refresh token; the old one stops working.
    return connections
        .replaceRefreshToken(
            connection.userId(),
            connection.connectedAt(),
            cipher.encrypt(tokens.refreshToken(), connection.userId()))
        .thenReturn(token);
  }

  /** Forgets the cached access token of an erased user. */
  public void forget(String userId) {
    cache.remove(userId);
  }

  private Mono<Void> markLost(GoogleConnection connection) {
    String userId = connection.userId();
    cache.remove(userId);
    Instant now = clock.instant();
    return transaction.transactional(
        connections
            .markLost(userId, connection.connectedAt(), LOST_REASON, now)
            .flatMap(
                changed -> {
                  if (!changed) {
                    return Mono.empty();
                  }
                  log.warn("Google connection of user {} lost: invalid_grant", userId);
                  return outbox.append(new ConnectionLost(userId, LOST_REASON, now), now).then();
                }));
  }
}
