package io.calsync.platform.outbox;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Outbox settings ({@code calsync.outbox}).
 *
 * @param enabled whether the service has an outbox (its migrations create the {@code outbox} table
 *     and the {@code outbox_inserted} notify trigger); off by default
 * @param relay how rows get to Kafka
 * @param retention how long published rows are kept (for inspection and replays by hand)
 * @param cleanupInterval how often published rows older than the retention are deleted
 * @param backlogInterval how often the backlog gauges are refreshed
 */
@ConfigurationProperties("calsync.outbox")
public record OutboxProperties(
    @DefaultValue("false") boolean enabled,
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
   * @param lockKey the PostgreSQL advisory lock key that elects the active relay; advisory locks
   *     are per database, so services with databases of their own may share it
   */
  public record Relay(
      @DefaultValue("true") boolean enabled,
      @DefaultValue("true") boolean listen,
      @DefaultValue("1s") Duration pollInterval,
      @DefaultValue("500") int batchSize,
      @DefaultValue("2s") Duration lockRetryInterval,
      // "taskoutb" in ASCII.
      @DefaultValue("8386110886409237602") long lockKey) {

    public Relay {
      if (batchSize < 1) {
        throw new IllegalArgumentException("calsync.outbox.relay.batch-size must be >= 1");
      }
    }
  }
}
