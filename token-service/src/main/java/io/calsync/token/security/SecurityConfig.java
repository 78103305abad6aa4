package io.calsync.token.security;

import io.calsync.platform.security.Roles;
import io.calsync.platform.security.ServiceHttpSecurityCustomizer;
import io.calsync.platform.security.ServiceRoutes;
import io.calsync.token.web.SettingsPageProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/**
 * token-service's own access rules on top of the platform starter's JWT resource server (which
 * opens probes, info and the Prometheus scrape and requires a valid JWT for everything else, {@code
 * /api/**} a CRM user's in particular): the settings page, the OAuth callback and (when enabled)
 * the dev sign-in are open; {@code /internal/**} (token vending to the connector) needs a JWT with
 * the {@value Roles#SERVICE} role in its {@value Roles#CLAIM} claim.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfig {

  private static final String[] PAGE_PATHS = {
    "/",
    "/index.html",
    "/settings-page.js",
    "/held-deletions.js",
    "/settings-page.css",
    "/settings-page/config"
  };

  @Bean
  ServiceRoutes tokenServiceRoutes() {
    return exchanges ->
        exchanges
            // The settings page and its assets; its API calls carry the user's token.
            .pathMatchers(HttpMethod.GET, PAGE_PATHS)
            .permitAll()
            // The OAuth callback is a browser redirect from Google: the signed, single-use state
            // binds it to the user who started the flow.
            .pathMatchers(HttpMethod.GET, "/oauth2/callback/google")
            .permitAll()
            // Only mapped when calsync.dev.sign-in.enabled=true; 404 otherwise.
            .pathMatchers(HttpMethod.POST, "/dev/v1/tokens")
            .permitAll()
            .pathMatchers("/internal/**")
            .hasRole(Roles.SERVICE);
  }

  /**
   * Who may frame the settings page: the CRM origins that hand it the user's token ({@code
   * frame-ancestors}), nobody when none is configured. With embedders, {@code X-Frame-Options:
   * DENY} goes (it cannot name origins; {@code frame-ancestors} replaces it in every current
   * browser); without, it stays for old browsers.
   */
  @Bean
  ServiceHttpSecurityCustomizer settingsPageFraming(SettingsPageProperties page) {
    return http ->
        http.headers(
            headers -> {
              headers.contentSecurityPolicy(csp -> csp.policyDirectives(page.frameAncestors()));
              if (!page.embedderOrigins().isEmpty()) {
                headers.frameOptions(frameOptions -> frameOptions.disable());
              }
            });
  }
}
