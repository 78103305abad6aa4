package io.calsync.connector.google;

import com.google.api.client.http.HttpRequestInitializer;
import com.google.api.client.http.HttpTransport;
import com.google.api.client.json.JsonFactory;
import com.google.api.client.util.DateTime;
import com.google.api.services.calendar.Calendar;
import com.google.api.services.calendar.model.Channel;
import com.google.api.services.calendar.model.Event;
import com.google.api.services.calendar.model.Events;
import io.calsync.contracts.calendar.SendUpdates;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import io.github.resilience4j.reactor.ratelimiter.operator.RateLimiterOperator;
import io.github.resilience4j.reactor.retry.RetryOperator;
import io.github.resilience4j.retry.Retry;
import java.time.Instant;
import java.util.concurrent.Callable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The connector's only door to Google Calendar: event writes and reads with the official client,
 * run on {@link Schedulers#boundedElastic()} because the client blocks.
 *
 * <p>Every call passes, from the outside in: the {@code google-calendar} {@link Retry} (exponential
 * back-off with jitter on quota errors, 5xx and I/O errors), the {@code google-calendar} {@link
 * CircuitBreaker}, the project-wide {@link RateLimiter} and the calling user's own rate limiter.
 * Retry is outermost, so every attempt takes fresh rate-limit permits. Failures arrive as the
 * client's exceptions ({@code GoogleJsonResponseException}, {@code IOException}); read them with
 * {@link GoogleErrors}.
 */
public class GoogleCalendarGateway {

  private final HttpTransport transport;
  private final JsonFactory json;
  private final GoogleCalendarProperties properties;
  private final Retry retry;
  private final CircuitBreaker circuitBreaker;
  private final RateLimiter projectLimiter;
  private final RateLimiterRegistry userLimiters;

  GoogleCalendarGateway(
      HttpTransport transport,
      JsonFactory json,
      GoogleCalendarProperties properties,
      Retry retry,
      CircuitBreaker circuitBreaker,
      RateLimiter projectLimiter,
      RateLimiterRegistry userLimiters) {
    this.transport = transport;
    this.json = json;
    this.properties = properties;
    this.retry = retry;
    this.circuitBreaker = circuitBreaker;
    this.projectLimiter = projectLimiter;
    this.userLimiters = userLimiters;
  }

  /** {@code events.insert} with the client-chosen id in {@code event}. */
  public Mono<Event> insert(
      GoogleAccess access, String calendarId, Event event, SendUpdates sendUpdates) {
    return call(
        access,
        calendar ->
            calendar
                .events()
                .insert(calendarId, event)
                .setSendUpdates(parameter(sendUpdates))
                .execute());
  }

  /** {@code events.get}. */
  public Mono<Event> get(GoogleAccess access, String calendarId, String eventId) {
    return call(access, calendar -> calendar.events().get(calendarId, eventId).execute());
  }

  /**
   * {@code events.patch}: Google changes only the fields {@code patch} carries (nested objects
   * merge, arrays are replaced), conditional on {@code ifMatch} (412 when stale) unless it is null.
   */
  public Mono<Event> patch(
      GoogleAccess access,
      String calendarId,
      String eventId,
      Event patch,
      String ifMatch,
      SendUpdates sendUpdates) {
    return call(
        access,
        calendar -> {
          Calendar.Events.Patch request =
              calendar
                  .events()
                  .patch(calendarId, eventId, patch)
                  .setSendUpdates(parameter(sendUpdates));
          if (ifMatch != null) {
            request.getRequestHeaders().setIfMatch(ifMatch);
          }
          return request.execute();
        });
  }

  /** {@code events.delete}, conditional on {@code ifMatch} unless it is null. */
  public Mono<Void> delete(
      GoogleAccess access,
      String calendarId,
      String eventId,
      String ifMatch,
      SendUpdates sendUpdates) {
    return call(
            access,
            calendar -> {
              Calendar.Events.Delete request =
                  calendar
                      .events()
                      .delete(calendarId, eventId)
                      .setSendUpdates(parameter(sendUpdates));
              if (ifMatch != null) {
                request.getRequestHeaders().setIfMatch(ifMatch);
              }
              request.execute();
              return Boolean.TRUE;
            })
        .then();
  }

  /**
   * One page of {@code events.list}. With a {@code syncToken} it is an incremental listing (Google
   * forbids {@code timeMin} with it, and it always includes deletions); without one a full listing
   * from {@code timeMin}, deleted events included. Recurring series arrive as their masters ({@code
   * singleEvents=false}). The same parameters must be sent with every {@code pageToken} of a
   * listing.
   */
  public Mono<Events> list(
      GoogleAccess access,
      String calendarId,
      String syncToken,
      Instant timeMin,
      String pageToken,
      int maxResults) {
    return call(
        access,
        calendar -> {
          Calendar.Events.List request =
              calendar
                  .events()
                  .list(calendarId)
                  .setSingleEvents(false)
                  .setShowDeleted(true)
                  .setMaxResults(maxResults)
                  .setPageToken(pageToken);
          if (syncToken != null) {
            request.setSyncToken(syncToken);
          } else if (timeMin != null) {
            request.setTimeMin(new DateTime(timeMin.toEpochMilli()));
          }
          return request.execute();
        });
  }

  /** {@code events.watch}: opens a push channel for the calendar's events. */
  public Mono<Channel> watch(GoogleAccess access, String calendarId, Channel channel) {
    return call(access, calendar -> calendar.events().watch(calendarId, channel).execute());
  }

  /** {@code channels.stop}: Google needs the channel id and the resource id it assigned. */
  public Mono<Void> stop(GoogleAccess access, String channelId, String resourceId) {
    return call(
            access,
            calendar -> {
              calendar
                  .channels()
                  .stop(new Channel().setId(channelId).setResourceId(resourceId))
                  .execute();
              return Boolean.TRUE;
            })
        .then();
  }

  /**
   * Whether more than {@code reserve} (a fraction of each limit) of both the project's and the
   * user's current rate-limit permits are free. Background work (polls) asks before it starts, so
   * that commands, which never ask, keep the reserved share of the budget.
   */
  public boolean hasHeadroom(String userId, double reserve) {
    return aboveReserve(projectLimiter, reserve) && aboveReserve(userLimiter(userId), reserve);
  }

  private static boolean aboveReserve(RateLimiter limiter, double reserve) {
    int limit = limiter.getRateLimiterConfig().getLimitForPeriod();
    return limiter.getMetrics().getAvailablePermissions() > reserve * limit;
  }

  private interface CalendarCall<T> {
    T execute(Calendar calendar) throws Exception;
  }

  private <T> Mono<T> call(GoogleAccess access, CalendarCall<T> work) {
    Calendar calendar = client(access);
    Callable<T> blocking = () -> work.execute(calendar);
    return Mono.fromCallable(blocking)
        .subscribeOn(Schedulers.boundedElastic())
        .transformDeferred(RateLimiterOperator.of(userLimiter(access.userId())))
        .transformDeferred(RateLimiterOperator.of(projectLimiter))
        .transformDeferred(CircuitBreakerOperator.of(circuitBreaker))
        .transformDeferred(RetryOperator.of(retry));
  }

  /**
   * One limiter per user, below Google's 600 requests per minute and user. They live in their own
   * registry, not the one whose instances are exported as metrics, to keep user ids out of metric
   * tags.
   */
  private RateLimiter userLimiter(String userId) {
    return userLimiters.rateLimiter(userId);
  }

  private Calendar client(GoogleAccess access) {
    HttpRequestInitializer initializer =
        request -> {
          request.getHeaders().setAuthorization("Bearer " + access.accessToken());
          request.setConnectTimeout((int) properties.connectTimeout().toMillis());
          request.setReadTimeout((int) properties.readTimeout().toMillis());
        };
    return new Calendar.Builder(transport, json, initializer)
        .setRootUrl(properties.rootUrl())
        .setApplicationName(properties.applicationName())
        .build();
  }

  private static String parameter(SendUpdates sendUpdates) {
    return switch (sendUpdates == null ? SendUpdates.NONE : sendUpdates) {
      case NONE -> "none";
      case ALL -> "all";
      case EXTERNAL_ONLY -> "externalOnly";
    };
  }
}
