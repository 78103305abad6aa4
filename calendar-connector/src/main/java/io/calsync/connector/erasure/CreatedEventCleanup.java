package io.calsync.connector.erasure;

import com.google.api.services.calendar.model.Event;
import com.google.api.services.calendar.model.Events;
import io.calsync.connector.google.GoogleAccess;
import io.calsync.connector.google.GoogleCalendarGateway;
import io.calsync.connector.google.GoogleErrors;
import io.calsync.connector.sync.PushChannelStops;
import io.calsync.connector.token.AccessTokenClient;
import io.calsync.contracts.calendar.CalendarEventIds;
import io.calsync.contracts.calendar.SendUpdates;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What the connector does in Google before token-service revokes an erased user's grant: stop the
 * user's push channels, and, when the user asked for it, delete every event CalSync created in the
 * primary calendar.
 *
 * <p>An event counts as created by CalSync only when its private extended property {@code
 * calsyncTaskId} is set <em>and</em> its id is the one CalSync derives from {@code (userId,
 * calsyncTaskId)} ({@link CalendarEventIds}). An event the user created in Google keeps its own id
 * even when it carries the property (a copy of a CalSync event, a task linked to a Google-born
 * event), so it is never deleted.
 */
@Component
public class CreatedEventCleanup {

  static final String PRIMARY = "primary";
  static final String TASK_ID_PROPERTY = "calsyncTaskId";
  private static final int PAGE_SIZE = 250;

  private static final Logger log = LoggerFactory.getLogger(CreatedEventCleanup.class);

  /**
   * What was done.
   *
   * @param createdEventsDeleted events CalSync created that were deleted now
   * @param stampedEventsKept events carrying {@code calsyncTaskId} under an id CalSync did not give
   *     (created by the user), left alone
   */
  public record Outcome(int createdEventsDeleted, int stampedEventsKept) {}

  private final AccessTokenClient tokens;
  private final GoogleCalendarGateway google;
  private final PushChannelStops channels;

  CreatedEventCleanup(
      AccessTokenClient tokens, GoogleCalendarGateway google, PushChannelStops channels) {
    this.tokens = tokens;
    this.google = google;
    this.channels = channels;
  }

  /**
   * Stops the user's push channels (best effort) and, if {@code deleteCreatedEvents}, deletes the
   * events CalSync created. Fails when the events were to be deleted and Google or token-service
   * could not be reached; events deleted until then stay deleted (a retry finds the rest).
   */
  public Mono<Outcome> cleanUp(String userId, boolean deleteCreatedEvents) {
    // A fresh token rather than a cached one: it proves the grant still works before anything is
    // deleted, and a lost grant is answered as such instead of as a Google 401.
    Mono<GoogleAccess> access =
        tokens.refreshedAccessToken(userId).map(token -> new GoogleAccess(userId, token)).cache();
    Mono<Void> stop = channels.stopAll(userId, access);
    if (!deleteCreatedEvents) {
      return stop.thenReturn(new Outcome(0, 0));
    }
    return stop.then(access).flatMap(this::deleteCreatedEvents);
  }

  private Mono<Outcome> deleteCreatedEvents(GoogleAccess access) {
    AtomicInteger deleted = new AtomicInteger();
    AtomicInteger kept = new AtomicInteger();
    return pages(access, null)
        .concatMapIterable(page -> page.getItems() == null ? List.of() : page.getItems())
        .filter(event -> !"cancelled".equals(event.getStatus()))
        .concatMap(
            event -> {
              String taskId = calsyncTaskId(event);
              if (taskId == null) {
                return Mono.empty();
              }
              if (!CalendarEventIds.isOf(event.getId(), access.userId(), taskId)) {
                kept.incrementAndGet();
                return Mono.empty();
              }
              return google
                  .delete(access, PRIMARY, event.getId(), null, SendUpdates.NONE)
                  // Deleted meanwhile (by the user, or by a command still under way).
                  .onErrorResume(
                      error ->
                          GoogleErrors.status(error) == 404 || GoogleErrors.status(error) == 410,
                      error -> Mono.empty())
                  .doOnSuccess(done -> deleted.incrementAndGet());
            })
        .then(Mono.fromSupplier(() -> new Outcome(deleted.get(), kept.get())))
        .doOnNext(
            outcome ->
                log.info(
                    "Deleted {} events CalSync created for an erased user; kept {} stamped events"
                        + " the user created",
                    outcome.createdEventsDeleted(),
                    outcome.stampedEventsKept()));
  }

  /** Every page of a full listing of the primary calendar. */
  private Flux<Events> pages(GoogleAccess access, String pageToken) {
    return google
        .list(access, PRIMARY, null, null, pageToken, PAGE_SIZE)
        .flatMapMany(
            page ->
                page.getNextPageToken() == null
                    ? Flux.just(page)
                    : Flux.just(page).concatWith(pages(access, page.getNextPageToken())));
  }

  private static String calsyncTaskId(Event event) {
    if (event.getExtendedProperties() == null) {
      return null;
    }
    Map<String, String> properties = event.getExtendedProperties().getPrivate();
    return properties == null ? null : properties.get(TASK_ID_PROPERTY);
  }
}
