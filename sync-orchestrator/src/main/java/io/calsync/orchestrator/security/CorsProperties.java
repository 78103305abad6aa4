package io.calsync.orchestrator.security;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Cross-origin access for browsers.
 *
 * @param allowedOrigins origins allowed to call the sync history API, e.g. the settings page
 */
@ConfigurationProperties("calsync.cors")
record CorsProperties(@DefaultValue("http://localhost:8084") List<String> allowedOrigins) {}
