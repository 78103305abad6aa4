package io.calsync.connector.sync;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code POST /webhooks/google/calendar}: Google's push notifications. Open to the internet (no
 * JWT); a notification counts only when {@code X-Goog-Channel-ID}, {@code X-Goog-Channel-Token} and
 * {@code X-Goog-Resource-ID} match a live channel in {@code push_channel}; anything else is
 * answered 404 and triggers nothing. A match answers 200 at once: a {@code sync} message (channel
 * opened) does nothing more, any other state asks the scheduler for an immediate poll of that user.
 * The notification carries no event data, so the poll is the only effect.
 */
@RestController
class PushWebhookController {

  static final String PATH = "/webhooks/google/calendar";

  private final WatchChannels channels;
  private final SyncScheduler scheduler;
  private final SyncMetrics metrics;

  PushWebhookController(WatchChannels channels, SyncScheduler scheduler, SyncMetrics metrics) {
    this.channels = channels;
    this.scheduler = scheduler;
    this.metrics = metrics;
  }

  @PostMapping(PATH)
  Mono<ResponseEntity<Void>> notification(
      @RequestHeader(name = "X-Goog-Channel-ID", required = false) String channelId,
      @RequestHeader(name = "X-Goog-Channel-Token", required = false) String token,
      @RequestHeader(name = "X-Goog-Resource-ID", required = false) String resourceId,
      @RequestHeader(name = "X-Goog-Resource-State", required = false) String state) {
    if ("sync".equals(state)) {
      // Sent when a channel opens, possibly before its row is stored; it announces no change.
      metrics.pushNotification("sync");
      return Mono.just(ResponseEntity.ok().build());
    }
    if (channelId == null || token == null || resourceId == null) {
      metrics.pushNotification("rejected");
      return Mono.just(ResponseEntity.notFound().build());
    }
    return channels
        .verify(channelId, token, resourceId)
        .map(
            userId -> {
              // Only the instance that polls the user acts; elsewhere the next poll catches up.
              scheduler.requestNow(userId, false);
              metrics.pushNotification("accepted");
              return ResponseEntity.ok().<Void>build();
            })
        .switchIfEmpty(
            Mono.fromSupplier(
                () -> {
                  metrics.pushNotification("rejected");
                  return ResponseEntity.notFound().build();
                }));
  }
}
