package io.calsync.connector.commands;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param timeout longest a listener waits for one command, Google retries and rate-limit waits
 *     included, before the record goes to the Kafka error handler; the Google retry gives up well
 *     before, and it must stay below {@code max.poll.interval.ms}
 */
@ConfigurationProperties("calsync.commands")
record CommandProperties(@DefaultValue("4m") Duration timeout) {}
