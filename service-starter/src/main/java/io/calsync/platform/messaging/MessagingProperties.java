package io.calsync.platform.messaging;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Kafka settings that Spring Boot's {@code spring.kafka.*} does not cover.
 *
 * @param replicationFactor replication factor of the topics this service declares
 * @param retry back-off for records whose processing failed with a transient error
 * @param listener how a listener thread waits for the reactive work of one record
 */
@ConfigurationProperties("calsync.kafka")
public record MessagingProperties(
    @DefaultValue("1") short replicationFactor,
    @DefaultValue Retry retry,
    @DefaultValue Listener listener) {

  /**
   * Exponential back-off before a failed record goes to its dead-letter topic. Retries block the
   * record's partition, so the total wait stays well below {@code max.poll.interval.ms}.
   */
  public record Retry(
      @DefaultValue("1s") Duration initialInterval,
      @DefaultValue("2.0") double multiplier,
      @DefaultValue("30s") Duration maxInterval,
      @DefaultValue("6") int maxRetries) {}

  /**
   * The {@link ListenerBridge}'s bound.
   *
   * @param timeout the longest one record's work may take before the listener gives up on it (the
   *     error handler then retries it); with {@code max.poll.records} it must stay below {@code
   *     max.poll.interval.ms}
   */
  public record Listener(@DefaultValue("2m") Duration timeout) {}
}
