package io.calsync.connector.security;

import io.calsync.platform.security.Roles;
import io.calsync.platform.security.ServiceRoutes;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/**
 * The connector's own access rules on top of the platform starter's JWT resource server (which
 * opens probes, info and the Prometheus scrape and requires a valid JWT for everything else):
 * Google's push webhook (which checks channel tokens itself) is open, and {@code /internal/**}
 * needs the {@value Roles#SERVICE} role.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfig {

  @Bean
  ServiceRoutes connectorRoutes() {
    return exchanges ->
        exchanges
            // Google's push notifications: verified by channel id, token and resource id.
            .pathMatchers(HttpMethod.POST, "/webhooks/google/calendar")
            .permitAll()
            // Service-to-service calls (token-service erasing a user).
            .pathMatchers("/internal/**")
            .hasRole(Roles.SERVICE);
  }
}
