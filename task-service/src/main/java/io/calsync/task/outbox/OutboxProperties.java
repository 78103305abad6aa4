package io.calsync.task.outbox;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Outbox settings.
 *
 * @param relay how rows get to Kafka
 * @param retention how long published rows are kept (for inspection and replays by hand)
 * @param cleanupInterval how often published rows older than the retention are deleted
 * @param backlogInterval how often the backlog gauges are refreshed
 */
@ConfigurationProperties("calsync.outbox")
record OutboxProperties(
    @DefaultValue Relay relay,
    @DefaultValue("7d") Duration retention,
    @DefaultValue("1h") Duration cleanupInterval,
    @DefaultValue("5s") Duration backlogInterval) {

  /**
   * @param enabled whether this instance runs a relay at all
   * @param listen whether to be woken by {@code NOTIFY} on commit; without it only polling
   * @param pollInterval the fallback: how often the relay looks for rows without a notification
   * @param batchSize rows read, sent and marked per round
   * @param lockRetryInterval how often a standby instance tries to become the active relay, and the
   *     pause after the relay's connection failed
   * @param lockKey the PostgreSQL advisory lock key that elects the active relay
   */
  record Relay(
      @DefaultValue("true") boolean enabled,
      @DefaultValue("true") boolean listen,
      @DefaultValue("1s") Duration pollInterval,
      @DefaultValue("500") int batchSize,
      @DefaultValue("2s") Duration lockRetryInterval,
      // "taskoutb" in ASCII.
      @DefaultValue("8386110886409237602") long lockKey) {

    Relay {
      if (batchSize < 1) {
        throw new IllegalArgumentException("calsync.outbox.relay.batch-size must be >= 1");
      }
    }
  }
}
