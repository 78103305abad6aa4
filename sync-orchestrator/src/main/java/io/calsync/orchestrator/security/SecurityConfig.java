package io.calsync.orchestrator.security;

import io.calsync.platform.security.ServiceHttpSecurityCustomizer;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.CorsConfigurationSource;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;

/**
 * The orchestrator's own addition to the platform starter's JWT resource server (probes, info and
 * the Prometheus scrape open; everything else, {@code /api/**} in particular, needs a valid JWT):
 * CORS for the APIs the settings page (another origin) calls from the browser.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CorsProperties.class)
class SecurityConfig {

  /** The APIs the settings page (another origin) calls from the browser. */
  static final String HISTORY_PATH = "/api/v1/sync/history";

  static final String HELD_DELETIONS_PATH = "/api/v1/sync/held-deletions";
  static final String HELD_DELETION_DECISIONS_PATH = HELD_DELETIONS_PATH + "/decisions";

  @Bean
  ServiceHttpSecurityCustomizer corsForTheSettingsPage(CorsProperties cors) {
    // Answers CORS preflights before authentication, which they never carry.
    return http -> http.cors(spec -> spec.configurationSource(corsConfiguration(cors)));
  }

  private static CorsConfigurationSource corsConfiguration(CorsProperties properties) {
    CorsConfiguration history = new CorsConfiguration();
    history.setAllowedOrigins(properties.allowedOrigins());
    history.setAllowedMethods(List.of("GET"));
    history.setAllowedHeaders(List.of("Authorization"));
    history.setMaxAge(Duration.ofHours(1));
    CorsConfiguration decisions = new CorsConfiguration();
    decisions.setAllowedOrigins(properties.allowedOrigins());
    decisions.setAllowedMethods(List.of("POST"));
    decisions.setAllowedHeaders(List.of("Authorization", "Content-Type"));
    decisions.setMaxAge(Duration.ofHours(1));
    UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
    source.registerCorsConfiguration(HISTORY_PATH, history);
    source.registerCorsConfiguration(HELD_DELETIONS_PATH, history);
    source.registerCorsConfiguration(HELD_DELETION_DECISIONS_PATH, decisions);
    return source;
  }
}
