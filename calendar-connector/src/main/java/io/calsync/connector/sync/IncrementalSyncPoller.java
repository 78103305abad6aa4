package io.calsync.connector.sync;

import com.google.api.services.calendar.model.Event;
import com.google.api.services.calendar.model.Events;
import io.calsync.connector.google.EventMapper;
import io.calsync.connector.google.GoogleAccess;
import io.calsync.connector.google.GoogleCalendarGateway;
import io.calsync.connector.google.GoogleErrors;
import io.calsync.connector.token.AccessTokenClient;
import io.calsync.connector.token.ConnectionLostException;
import io.calsync.connector.token.NotConnectedException;
import io.calsync.contracts.calendar.EventChanged;
import io.calsync.contracts.calendar.SyncKind;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * One poll of a user's primary calendar (docs/google-to-crm-connector.md):
 *
 * <ul>
 *   <li>without a stored sync token: a <b>full</b> listing of events that end after now ({@code
 *       timeMin}), deleted ones included, recurring series as masters;
 *   <li>with one: an <b>incremental</b> listing with {@code syncToken} only; {@code 410} → the
 *       token is dropped and a full listing follows in the same poll;
 *   <li>every page with the same parameters plus {@code pageToken}; every item of a page is
 *       published as {@code EventChanged} and acknowledged before the next page is asked for;
 *   <li>{@code nextSyncToken} (last page only) is stored after everything was acknowledged.
 * </ul>
 *
 * A poll stops without storing a token as soon as this instance no longer owns the user (a
 * rebalance gave the user to another instance).
 */
@Component
class IncrementalSyncPoller {

  static final String PRIMARY = "primary";

  enum Outcome {
    /** Listed, published, token stored. */
    SYNCED,
    /** Not connected or connection lost: nothing to do until token-service has a grant again. */
    SKIPPED,
    /** Not enough rate-limit headroom left for background work; ask again shortly. */
    DEFERRED,
    /** The user was given away during the poll; no token stored. */
    ABORTED,
    /** Google or token-service failed beyond the retries; the next poll tries again. */
    FAILED
  }

  /**
   * What to poll.
   *
   * @param userId the CRM user
   * @param calendarId the id published as {@code EventChanged.calendarId}: the Google account's
   *     address when known, else {@code primary} (resolved per event where Google names the user)
   * @param owned whether this instance still owns the user
   */
  record Target(String userId, String calendarId, BooleanSupplier owned) {}

  private static final Logger log = LoggerFactory.getLogger(IncrementalSyncPoller.class);

  private final GoogleCalendarGateway google;
  private final AccessTokenClient tokens;
  private final SyncStates states;
  private final EventChangePublisher publisher;
  private final WatchChannels channels;
  private final SyncProperties properties;
  private final SyncMetrics metrics;
  private final Clock clock = Clock.systemUTC();

  IncrementalSyncPoller(
      GoogleCalendarGateway google,
      AccessTokenClient tokens,
      SyncStates states,
      EventChangePublisher publisher,
      WatchChannels channels,
      SyncProperties properties,
      SyncMetrics metrics) {
    this.google = google;
    this.tokens = tokens;
    this.states = states;
    this.publisher = publisher;
    this.channels = channels;
    this.properties = properties;
    this.metrics = metrics;
  }

  /** Polls once; {@code fullRequested} drops the stored token first (FullResyncRequested). */
  Mono<Outcome> poll(Target target, boolean fullRequested) {
    String userId = target.userId();
    if (!google.hasHeadroom(userId, properties.commandReserve())) {
      metrics.polled(null, Outcome.DEFERRED);
      return Mono.just(Outcome.DEFERRED);
    }
    Mono<Void> drop = fullRequested ? states.dropToken(userId, PRIMARY) : Mono.empty();
    return drop.then(
            states.token(userId, PRIMARY).map(Optional::of).defaultIfEmpty(Optional.empty()))
        .flatMap(
            token ->
                withAccess(
                    userId,
                    access ->
                        sync(access, target, token.orElse(null), fullRequested)
                            .flatMap(
                                outcome ->
                                    outcome == Outcome.SYNCED
                                        ? channels.ensure(access, userId).thenReturn(outcome)
                                        : Mono.just(outcome))))
        .onErrorResume(
            error ->
                error instanceof NotConnectedException || error instanceof ConnectionLostException,
            error -> {
              log.debug("User {} has no usable Google connection; poll skipped", userId);
              metrics.polled(null, Outcome.SKIPPED);
              return Mono.just(Outcome.SKIPPED);
            })
        .onErrorResume(
            error -> {
              log.warn("Poll of user {} failed: {}", userId, error.toString());
              metrics.polled(null, Outcome.FAILED);
              return Mono.just(Outcome.FAILED);
            });
  }

  private Mono<Outcome> sync(
      GoogleAccess access, Target target, String syncToken, boolean fullRequested) {
    if (syncToken == null) {
      metrics.fullResync(fullRequested ? "requested" : "no-token");
      return listing(access, target, null, SyncKind.FULL);
    }
    return listing(access, target, syncToken, SyncKind.INCREMENTAL)
        .onErrorResume(
            error -> GoogleErrors.status(error) == 410,
            error -> {
              log.info("Sync token of user {} expired (410); listing fully", target.userId());
              metrics.fullResync("token-expired");
              return states
                  .dropToken(target.userId(), PRIMARY)
                  .then(listing(access, target, null, SyncKind.FULL));
            });
  }

  private Mono<Outcome> listing(
      GoogleAccess access, Target target, String syncToken, SyncKind kind) {
    // Future events only; fixed for every page of this listing.
    Instant timeMin = syncToken == null ? clock.instant().truncatedTo(ChronoUnit.SECONDS) : null;
    return page(access, target, syncToken, timeMin, null, kind)
        .doOnNext(outcome -> metrics.polled(kind, outcome));
  }

  private Mono<Outcome> page(
      GoogleAccess access,
      Target target,
      String syncToken,
      Instant timeMin,
      String pageToken,
      SyncKind kind) {
    if (!target.owned().getAsBoolean()) {
      return Mono.just(Outcome.ABORTED);
    }
    return google
        .list(access, PRIMARY, syncToken, timeMin, pageToken, properties.pageSize())
        .flatMap(
            events -> {
              List<EventChanged> changes = changes(target, events, kind);
              return publisher
                  .publishAll(changes)
                  .then(Mono.fromRunnable(() -> metrics.published(kind, changes.size())))
                  .then(Mono.defer(() -> next(access, target, syncToken, timeMin, events, kind)));
            });
  }

  private Mono<Outcome> next(
      GoogleAccess access,
      Target target,
      String syncToken,
      Instant timeMin,
      Events events,
      SyncKind kind) {
    if (events.getNextPageToken() != null) {
      return page(access, target, syncToken, timeMin, events.getNextPageToken(), kind);
    }
    if (!target.owned().getAsBoolean()) {
      return Mono.just(Outcome.ABORTED);
    }
    if (events.getNextSyncToken() == null) {
      log.warn("Last page for user {} carried no nextSyncToken", target.userId());
      return Mono.just(Outcome.FAILED);
    }
    return states
        .save(target.userId(), PRIMARY, events.getNextSyncToken(), kind == SyncKind.FULL)
        .thenReturn(Outcome.SYNCED);
  }

  private static List<EventChanged> changes(Target target, Events events, SyncKind kind) {
    List<Event> items = events.getItems() == null ? List.of() : events.getItems();
    return items.stream()
        .map(
            item ->
                EventMapper.toEventChanged(
                    target.userId(), target.calendarId(), item, kind, events.getTimeZone()))
        .toList();
  }

  /** Runs {@code work} with the user's access token; a Google 401 retries once with a fresh one. */
  private Mono<Outcome> withAccess(String userId, Function<GoogleAccess, Mono<Outcome>> work) {
    return tokens
        .accessToken(userId)
        .flatMap(token -> work.apply(new GoogleAccess(userId, token)))
        .onErrorResume(
            error -> GoogleErrors.status(error) == 401,
            error ->
                tokens
                    .refreshedAccessToken(userId)
                    .flatMap(token -> work.apply(new GoogleAccess(userId, token))));
  }
}
