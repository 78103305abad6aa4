package io.calsync.emulator.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.calsync.emulator.config.EmulatorProperties;
import io.calsync.emulator.store.CalendarStore;
import io.calsync.emulator.store.Resettable;
import io.calsync.emulator.wire.GoogleApiException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Push notifications: {@code events.watch} channels and their webhook deliveries. Each channel
 * delivers in order (message numbers increase by one), starting with a {@code sync} message, then
 * one {@code exists} message per change of the watched calendar until it expires or is stopped.
 * Like Google, failed deliveries are not retried.
 */
@Component
public class PushChannels implements Resettable {

  private static final Logger log = LoggerFactory.getLogger(PushChannels.class);
  private static final DateTimeFormatter EXPIRATION_HEADER =
      DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);
  private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(10);

  private final EmulatorProperties properties;
  private final Clock clock;
  private final WebClient http = WebClient.create();
  private final Map<String, Live> channels = new ConcurrentHashMap<>();
  private final List<Delivery> deliveries = Collections.synchronizedList(new ArrayList<>());

  private record Notification(long messageNumber, String state) {}

  private static final class Live {
    final Channel channel;
    final AtomicLong messages = new AtomicLong();
    final Sinks.Many<Notification> queue = Sinks.many().unicast().onBackpressureBuffer();

    Live(Channel channel) {
      this.channel = channel;
    }
  }

  PushChannels(EmulatorProperties properties, Clock clock, CalendarStore store) {
    this.properties = properties;
    this.clock = clock;
    store.onChange(this::changed);
  }

  /** {@code events.watch}: validates the channel request and starts deliveries. */
  public ObjectNode watch(
      String calendarId,
      String requestedCalendarId,
      String account,
      String clientId,
      JsonNode body,
      String baseUrl) {
    String id = text(body, "id");
    String address = text(body, "address");
    String type = text(body, "type");
    if (id == null || id.isBlank()) {
      throw GoogleApiException.required("Required channel id");
    }
    if (type == null || !(type.equals("web_hook") || type.equals("webhook"))) {
      throw GoogleApiException.invalid("Invalid channel type: " + type);
    }
    if (address == null || !isHttpUrl(address)) {
      throw GoogleApiException.invalid("Invalid webhook address: " + address);
    }
    if (channels.containsKey(id)) {
      throw new GoogleApiException(
          HttpStatus.BAD_REQUEST, "channelIdNotUnique", "Channel id " + id + " not unique");
    }
    Instant now = clock.instant();
    Instant expiration = expiration(body, now);
    Channel channel =
        new Channel(
            id,
            resourceId(calendarId),
            baseUrl
                + "/calendar/v3/calendars/"
                + URLEncoder.encode(requestedCalendarId, StandardCharsets.UTF_8)
                + "/events?alt=json",
            calendarId,
            account,
            clientId,
            address,
            text(body, "token"),
            expiration);
    Live live = new Live(channel);
    channels.put(id, live);
    live.queue.asFlux().concatMap(n -> deliver(channel, n)).subscribe();
    emit(live, "sync");

    ObjectNode response = JsonNodeFactory.instance.objectNode();
    response.put("kind", "api#channel");
    response.put("id", channel.id());
    response.put("resourceId", channel.resourceId());
    response.put("resourceUri", channel.resourceUri());
    if (channel.token() != null) {
      response.put("token", channel.token());
    }
    // int64 fields travel as JSON strings in Google APIs.
    response.put("expiration", Long.toString(expiration.toEpochMilli()));
    return response;
  }

  /** {@code channels.stop}. */
  public void stop(String id, String resourceId, String account) {
    Live live = id == null ? null : channels.get(id);
    if (live == null
        || !live.channel.resourceId().equals(resourceId)
        || !live.channel.account().equals(account)) {
      throw new GoogleApiException(
          HttpStatus.NOT_FOUND,
          "notFound",
          "Channel '" + id + "' not found for project 'calsync-emulator'");
    }
    channels.remove(id);
    live.queue.tryEmitComplete();
  }

  public List<Channel> channels() {
    return channels.values().stream().map(l -> l.channel).toList();
  }

  public List<Delivery> deliveries() {
    synchronized (deliveries) {
      return List.copyOf(deliveries);
    }
  }

  @Override
  public void reset() {
    channels.values().forEach(l -> l.queue.tryEmitComplete());
    channels.clear();
    deliveries.clear();
  }

  private void changed(String calendarId) {
    Instant now = clock.instant();
    for (Live live : channels.values()) {
      if (!live.channel.calendarId().equals(calendarId)) {
        continue;
      }
      if (!live.channel.expiration().isAfter(now)) {
        // An expired channel goes silent, as at Google; the client has to watch again.
        channels.remove(live.channel.id());
        live.queue.tryEmitComplete();
        continue;
      }
      emit(live, "exists");
    }
  }

  private static void emit(Live live, String state) {
    synchronized (live) {
      live.queue.tryEmitNext(new Notification(live.messages.incrementAndGet(), state));
    }
  }

  private Mono<Void> deliver(Channel channel, Notification notification) {
    return http.post()
        .uri(URI.create(channel.address()))
        .headers(
            h -> {
              h.set("X-Goog-Channel-ID", channel.id());
              if (channel.token() != null) {
                h.set("X-Goog-Channel-Token", channel.token());
              }
              h.set("X-Goog-Channel-Expiration", EXPIRATION_HEADER.format(channel.expiration()));
              h.set("X-Goog-Resource-ID", channel.resourceId());
              h.set("X-Goog-Resource-URI", channel.resourceUri());
              h.set("X-Goog-Resource-State", notification.state());
              h.set("X-Goog-Message-Number", Long.toString(notification.messageNumber()));
            })
        .exchangeToMono(
            response -> response.releaseBody().thenReturn(response.statusCode().value()))
        .timeout(DELIVERY_TIMEOUT)
        .doOnNext(status -> record(channel, notification, status, null))
        .onErrorResume(
            e -> {
              log.debug("Push to {} failed", channel.address(), e);
              record(channel, notification, null, e.toString());
              return Mono.empty();
            })
        .then();
  }

  private void record(Channel channel, Notification notification, Integer status, String error) {
    deliveries.add(
        new Delivery(
            channel.id(),
            notification.messageNumber(),
            notification.state(),
            status,
            error,
            clock.instant()));
  }

  private Instant expiration(JsonNode body, Instant now) {
    Instant max = now.plus(properties.channelMaxTtl());
    Instant requested = null;
    if (body.hasNonNull("expiration")) {
      try {
        requested = Instant.ofEpochMilli(Long.parseLong(body.get("expiration").asText()));
      } catch (NumberFormatException e) {
        throw GoogleApiException.invalid("Invalid expiration: " + body.get("expiration").asText());
      }
    } else if (body.path("params").hasNonNull("ttl")) {
      requested = now.plusSeconds(Long.parseLong(body.path("params").path("ttl").asText()));
    }
    if (requested == null) {
      return now.plus(properties.channelDefaultTtl());
    }
    if (!requested.isAfter(now)) {
      throw GoogleApiException.invalid(
          "Invalid expiration: the channel would already have expired.");
    }
    return requested.isAfter(max) ? max : requested;
  }

  private static String resourceId(String calendarId) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(calendarId.getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 27);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String text(JsonNode body, String field) {
    return body != null && body.hasNonNull(field) ? body.get(field).asText() : null;
  }

  private static boolean isHttpUrl(String address) {
    try {
      URI uri = URI.create(address);
      return ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))
          && uri.getHost() != null;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
