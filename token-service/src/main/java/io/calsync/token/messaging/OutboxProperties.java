package io.calsync.token.messaging;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param pollInterval how often the relay looks for committed, unpublished outbox rows
 * @param batchSize rows relayed per round
 */
@ConfigurationProperties("calsync.outbox")
record OutboxProperties(
    @DefaultValue("200ms") Duration pollInterval, @DefaultValue("100") int batchSize) {}
