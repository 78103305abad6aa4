package io.calsync.connector.sync;

import io.calsync.connector.google.GoogleAccess;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Stopping a user's push channels, for callers outside the read side (the erase). */
@Component
public class PushChannelStops {

  private final WatchChannels channels;

  PushChannelStops(WatchChannels channels) {
    this.channels = channels;
  }

  /**
   * Stops the user's live channels at Google (best effort: a channel Google cannot stop expires on
   * its own) and marks them stopped, so the webhook refuses their notifications.
   */
  public Mono<Void> stopAll(String userId, Mono<GoogleAccess> access) {
    return channels.stopAll(userId, access);
  }
}
