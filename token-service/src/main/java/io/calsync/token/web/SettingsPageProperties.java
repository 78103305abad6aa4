package io.calsync.token.web;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param historyUrl the orchestrator's sync-history endpoint the page calls with the user's token
 */
@ConfigurationProperties("calsync.settings-page")
record SettingsPageProperties(String historyUrl) {}
