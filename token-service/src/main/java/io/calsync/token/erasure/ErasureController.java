package io.calsync.token.erasure;

import io.calsync.token.connection.ConnectionRepository;
import io.calsync.token.connection.ConnectionStatus;
import io.calsync.token.connection.GoogleConnection;
import io.calsync.token.connection.GrantRevocation;
import io.calsync.token.vending.AccessTokenVendor;
import io.calsync.token.web.Problems;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code POST /api/v1/connections/google/erasures}: "Disconnect and erase my data" for the caller.
 *
 * <ol>
 *   <li>While the grant still works, calendar-connector stops the user's push channels and, when
 *       {@code deleteCreatedEvents}, deletes the events CalSync created (never one the user
 *       created). If those events were to be deleted and that fails, nothing is erased (409 when
 *       the grant no longer works, 503 when the connector is unreachable); a failed channel stop
 *       alone does not hold the erase up (the channels expire at Google).
 *   <li>The grant is revoked at Google, as on disconnect (503 and nothing erased when Google is
 *       unreachable).
 *   <li>Every row of the user is deleted and the tombstone published through the outbox, in one
 *       transaction; every other service erases the user when it reads the tombstone.
 * </ol>
 *
 * Answers 202: the other services erase asynchronously. Also for a user without connection (their
 * settings and any earlier data elsewhere are erased all the same).
 */
@RestController
class ErasureController {

  static final String PATH = "/api/v1/connections/google/erasures";

  private static final Logger log = LoggerFactory.getLogger(ErasureController.class);

  /**
   * @param deleteCreatedEvents also delete the events CalSync created in the user's Google Calendar
   *     (absent = false)
   */
  record ErasureRequest(Boolean deleteCreatedEvents) {}

  /**
   * @param createdEventsDeleted events CalSync had created that were deleted in Google
   * @param stampedEventsKept events carrying CalSync's task property that the user created, kept
   */
  record ErasureView(Instant erasedAt, int createdEventsDeleted, int stampedEventsKept) {}

  private final ConnectionRepository connections;
  private final ConnectorClient connector;
  private final GrantRevocation grants;
  private final UserDataErasure erasure;
  private final AccessTokenVendor vendor;
  private final Clock clock;

  ErasureController(
      ConnectionRepository connections,
      ConnectorClient connector,
      GrantRevocation grants,
      UserDataErasure erasure,
      AccessTokenVendor vendor,
      Clock clock) {
    this.connections = connections;
    this.connector = connector;
    this.grants = grants;
    this.erasure = erasure;
    this.vendor = vendor;
    this.clock = clock;
  }

  @PostMapping(PATH)
  @ResponseStatus(HttpStatus.ACCEPTED)
  Mono<ErasureView> erase(
      @AuthenticationPrincipal Jwt user, @RequestBody(required = false) ErasureRequest request) {
    String userId = user.getSubject();
    boolean deleteEvents = request != null && Boolean.TRUE.equals(request.deleteCreatedEvents());
    return connections
        .find(userId)
        .map(Optional::of)
        .defaultIfEmpty(Optional.empty())
        .flatMap(
            connection ->
                cleanUpInGoogle(userId, connection.orElse(null), deleteEvents)
                    .flatMap(
                        cleanup ->
                            connection
                                .map(grants::revoke)
                                .orElseGet(Mono::empty)
                                .then(erasure.erase(userId))
                                .then(
                                    Mono.fromSupplier(
                                        () -> {
                                          vendor.forget(userId);
                                          log.info(
                                              "User {} erased their data ({} events deleted)",
                                              userId,
                                              cleanup.createdEventsDeleted());
                                          return new ErasureView(
                                              clock.instant(),
                                              cleanup.createdEventsDeleted(),
                                              cleanup.stampedEventsKept());
                                        }))));
  }

  private Mono<ConnectorClient.Cleanup> cleanUpInGoogle(
      String userId, GoogleConnection connection, boolean deleteEvents) {
    ConnectorClient.Cleanup nothing = new ConnectorClient.Cleanup(0, 0);
    boolean usable =
        connection != null
            && connection.status() == ConnectionStatus.CONNECTED
            && connection.refreshToken() != null;
    if (!usable) {
      return deleteEvents
          ? Mono.error(
              Problems.cannotDeleteEvents(
                  "Google Calendar is not connected, so CalSync cannot delete its events there."
                      + " Reconnect first, or erase without deleting them."))
          : Mono.just(nothing);
    }
    Mono<ConnectorClient.Cleanup> cleanup = connector.cleanUp(userId, deleteEvents);
    if (!deleteEvents) {
      return cleanup.onErrorResume(
          error -> {
            log.warn(
                "Could not stop the push channels of user {} before the erase: {}",
                userId,
                error.toString());
            return Mono.just(nothing);
          });
    }
    return cleanup.onErrorMap(
        error ->
            error instanceof ConnectorClient.GrantLost
                ? Problems.cannotDeleteEvents(
                    "Google no longer accepts CalSync's access, so its events cannot be deleted."
                        + " Reconnect first, or erase without deleting them.")
                : Problems.connectorUnavailable());
  }
}
