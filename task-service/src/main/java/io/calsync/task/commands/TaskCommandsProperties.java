package io.calsync.task.commands;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Consumption of {@code crm.task-commands}.
 *
 * @param autoStartup false runs an instance that serves only the task API
 * @param applyTimeout longest wait for one command's transaction; a command that takes longer is
 *     retried (harmless: a late commit of the first attempt makes the retry a duplicate)
 */
@ConfigurationProperties("calsync.task-commands")
record TaskCommandsProperties(
    @DefaultValue("true") boolean autoStartup, @DefaultValue("30s") Duration applyTimeout) {}
