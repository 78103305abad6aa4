package io.calsync.token.web;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param historyUrl the orchestrator's sync-history endpoint the page calls with the user's token
 * @param embedderOrigins the origins (e.g. {@code https://crm.example.com}) of the CRM pages that
 *     may frame the settings page and hand it the user's token by {@code postMessage}; empty: the
 *     page may not be framed and signs in only through the development sign-in
 */
@ConfigurationProperties("calsync.settings-page")
public record SettingsPageProperties(
    String historyUrl, @DefaultValue List<String> embedderOrigins) {

  public SettingsPageProperties {
    embedderOrigins = List.copyOf(embedderOrigins);
    for (String origin : embedderOrigins) {
      if (!origin.matches("https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?")) {
        throw new IllegalArgumentException(
            "calsync.settings-page.embedder-origins: `"
                + origin
                + "` is not an origin (scheme://host[:port], no path)");
      }
    }
  }

  /** The {@code frame-ancestors} directive: who may frame the page. */
  public String frameAncestors() {
    return embedderOrigins.isEmpty()
        ? "frame-ancestors 'none'"
        : "frame-ancestors " + String.join(" ", embedderOrigins);
  }
}
