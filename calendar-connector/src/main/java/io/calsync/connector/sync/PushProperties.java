package io.calsync.connector.sync;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Push notifications ({@code events.watch}).
 *
 * @param webhookUrl public address of {@code POST /webhooks/google/calendar} that Google calls;
 *     empty switches push channels off (polling alone)
 * @param channelTtl lifetime asked for a channel (Google may shorten it)
 * @param renewBefore a channel that expires within this time is replaced by a new one
 */
@ConfigurationProperties("calsync.push")
record PushProperties(
    @DefaultValue("") String webhookUrl,
    @DefaultValue("7d") Duration channelTtl,
    @DefaultValue("1h") Duration renewBefore) {

  boolean enabled() {
    return webhookUrl != null && !webhookUrl.isBlank();
  }
}
