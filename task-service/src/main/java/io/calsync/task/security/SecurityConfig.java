package io.calsync.task.security;

import io.calsync.platform.security.ServiceRoutes;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * task-service's own access rules on top of the platform starter's JWT resource server (which opens
 * probes, info and the Prometheus scrape and requires a valid JWT for everything else): the OpenAPI
 * document ({@code /v3/api-docs}) is open.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfig {

  @Bean
  ServiceRoutes taskRoutes() {
    // The OpenAPI document describes the API; it holds no user data.
    return exchanges -> exchanges.pathMatchers("/v3/api-docs", "/v3/api-docs/**").permitAll();
  }
}
