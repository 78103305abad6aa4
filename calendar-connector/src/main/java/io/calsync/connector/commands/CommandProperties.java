package io.calsync.connector.commands;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param timeout longest a listener waits for one command, Google retries and rate-limit waits
 *     included, before the record goes to the Kafka error handler; the Google retry gives up well
 *     before, and it must stay below {@code max.poll.interval.ms}
 * @param outageRetryInterval how often the commands parked by an outage are tried again
 * @param outageRetryJitter share of the interval by which each round starts earlier or later, so
 *     that instances do not hit a recovering Google in step
 */
@ConfigurationProperties("calsync.commands")
record CommandProperties(
    @DefaultValue("4m") Duration timeout,
    @DefaultValue("30s") Duration outageRetryInterval,
    @DefaultValue("0.1") double outageRetryJitter) {}
