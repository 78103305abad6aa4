package io.calsync.connector.sync;

import com.google.api.services.calendar.model.Channel;
import io.calsync.connector.google.GoogleAccess;
import io.calsync.connector.google.GoogleCalendarGateway;
import io.calsync.platform.erasure.ErasedUsers;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Push channels ({@code events.watch}) in {@code push_channel}: one live channel per user while a
 * webhook URL is configured, opened after a successful poll when none is live or the live one
 * expires within {@code renew-before} (then the old one is stopped), stopped on disconnect. Each
 * channel carries its own random token; the webhook accepts a notification only when channel id,
 * token and resource id all match a live channel. A channel opened for a user who was erased
 * meanwhile is not stored: the webhook refuses its notifications and it expires at Google.
 */
@Component
class WatchChannels {

  private static final Logger log = LoggerFactory.getLogger(WatchChannels.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  private record Live(UUID channelId, String resourceId) {}

  private final DatabaseClient db;
  private final GoogleCalendarGateway google;
  private final PushProperties properties;

  WatchChannels(DatabaseClient db, GoogleCalendarGateway google, PushProperties properties) {
    this.db = db;
    this.google = google;
    this.properties = properties;
  }

  /** Opens a channel for the user unless a live one lasts longer than {@code renew-before}. */
  Mono<Void> ensure(GoogleAccess access, String userId) {
    if (!properties.enabled()) {
      return Mono.empty();
    }
    return db.sql(
            """
            SELECT count(*) AS live FROM push_channel
             WHERE user_id = :userId AND calendar_id = :calendarId AND stopped_at IS NULL
               AND expires_at > now() + make_interval(secs => :renewSeconds)
            """)
        .bind("userId", userId)
        .bind("calendarId", IncrementalSyncPoller.PRIMARY)
        .bind("renewSeconds", (double) properties.renewBefore().toSeconds())
        .map((row, metadata) -> row.get("live", Long.class))
        .one()
        .flatMap(live -> live > 0 ? Mono.<Void>empty() : open(access, userId))
        .onErrorResume(
            error -> {
              log.warn("Could not open a push channel for user {}: {}", userId, error.toString());
              return Mono.empty();
            });
  }

  /** Stops the user's live channels at Google (best effort) and forgets them. */
  Mono<Void> stopAll(String userId, Mono<GoogleAccess> access) {
    return liveChannels(userId, null)
        .collectList()
        .flatMap(
            live ->
                live.isEmpty()
                    ? Mono.<Void>empty()
                    : access
                        .flatMap(a -> Flux.fromIterable(live).concatMap(c -> stop(a, c)).then())
                        .onErrorResume(
                            error -> {
                              log.info(
                                  "Could not stop push channels of user {} at Google ({});"
                                      + " forgetting them",
                                  userId,
                                  error.toString());
                              return Flux.fromIterable(live).concatMap(this::markStopped).then();
                            }));
  }

  /**
   * The user whose live channel matches all three values of a notification, or empty. The token is
   * compared in constant time.
   */
  Mono<String> verify(String channelId, String token, String resourceId) {
    UUID id;
    try {
      id = UUID.fromString(channelId);
    } catch (IllegalArgumentException e) {
      return Mono.empty();
    }
    return db.sql(
            """
            SELECT user_id, channel_token, resource_id FROM push_channel
             WHERE channel_id = :channelId AND stopped_at IS NULL AND expires_at > now()
            """)
        .bind("channelId", id)
        .map(
            (row, metadata) ->
                MessageDigest.isEqual(bytes(row.get("channel_token", String.class)), bytes(token))
                        && row.get("resource_id", String.class).equals(resourceId)
                    ? row.get("user_id", String.class)
                    : "")
        .one()
        .filter(userId -> !userId.isEmpty());
  }

  private Mono<Void> open(GoogleAccess access, String userId) {
    UUID channelId = UUID.randomUUID();
    String token = newToken();
    Instant wanted = Instant.now().plus(properties.channelTtl());
    Channel request =
        new Channel()
            .setId(channelId.toString())
            .setType("web_hook")
            .setAddress(properties.webhookUrl())
            .setToken(token)
            .setExpiration(wanted.toEpochMilli());
    return google
        .watch(access, IncrementalSyncPoller.PRIMARY, request)
        .flatMap(
            opened -> {
              Instant expires =
                  opened.getExpiration() == null
                      ? wanted
                      : Instant.ofEpochMilli(opened.getExpiration());
              log.info("Opened push channel {} for user {} until {}", channelId, userId, expires);
              return db.sql(
                      """
                      INSERT INTO push_channel
                        (channel_id, user_id, calendar_id, resource_id, channel_token, expires_at)
                      SELECT :channelId, :userId, :calendarId, :resourceId, :token, :expiresAt
                       WHERE %s
                      """
                          .formatted(ErasedUsers.NOT_ERASED))
                  .bind("channelId", channelId)
                  .bind("userId", userId)
                  .bind("calendarId", IncrementalSyncPoller.PRIMARY)
                  .bind("resourceId", opened.getResourceId())
                  .bind("token", token)
                  .bind("expiresAt", OffsetDateTime.ofInstant(expires, ZoneOffset.UTC))
                  .then();
            })
        .thenMany(liveChannels(userId, channelId))
        .concatMap(old -> stop(access, old))
        .then();
  }

  private Flux<Live> liveChannels(String userId, UUID except) {
    return db.sql(
            """
            SELECT channel_id, resource_id FROM push_channel
             WHERE user_id = :userId AND stopped_at IS NULL
            """)
        .bind("userId", userId)
        .map(
            (row, metadata) ->
                new Live(row.get("channel_id", UUID.class), row.get("resource_id", String.class)))
        .all()
        .filter(live -> !live.channelId().equals(except));
  }

  private Mono<Void> stop(GoogleAccess access, Live channel) {
    return google
        .stop(access, channel.channelId().toString(), channel.resourceId())
        .onErrorResume(
            error -> {
              // 404: Google forgot it already (expired); anything else: it expires on its own.
              log.info("channels.stop of {} failed: {}", channel.channelId(), error.toString());
              return Mono.empty();
            })
        .then(markStopped(channel));
  }

  private Mono<Void> markStopped(Live channel) {
    return db.sql("UPDATE push_channel SET stopped_at = now() WHERE channel_id = :channelId")
        .bind("channelId", channel.channelId())
        .then();
  }

  private static String newToken() {
    byte[] random = new byte[32];
    RANDOM.nextBytes(random);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
  }

  private static byte[] bytes(String value) {
    return value == null ? new byte[0] : value.getBytes(StandardCharsets.UTF_8);
  }
}
