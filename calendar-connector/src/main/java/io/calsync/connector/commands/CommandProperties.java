package io.calsync.connector.commands;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param outageRetryInterval how often the commands parked by an outage are tried again
 * @param outageRetryJitter share of the interval by which each round starts earlier or later, so
 *     that instances do not hit a recovering Google in step
 */
@ConfigurationProperties("calsync.commands")
record CommandProperties(
    @DefaultValue("30s") Duration outageRetryInterval,
    @DefaultValue("0.1") double outageRetryJitter) {}
