package io.calsync.platform.actuator;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * The actuator settings every service shares, as defaults below everything a service or an operator
 * configures: the web exposure (probes, info, the Prometheus scrape and metrics), the Kubernetes
 * liveness/readiness groups, and the {@code application} tag on every meter. Who may read which
 * endpoint is decided by the starter's security ({@code PlatformSecurityAutoConfiguration}):
 * health, info and Prometheus are open, every other endpoint needs the {@code OPS} role. A service
 * adds only what is its own, e.g. which health indicators its readiness group includes.
 */
public class ActuatorDefaults implements EnvironmentPostProcessor, Ordered {

  static final String SOURCE = "calsyncActuatorDefaults";

  static final Map<String, Object> DEFAULTS =
      Map.of(
          "management.endpoints.web.exposure.include", "health,info,prometheus,metrics",
          "management.endpoint.health.probes.enabled", "true",
          "management.metrics.tags.application", "${spring.application.name}");

  @Override
  public void postProcessEnvironment(
      ConfigurableEnvironment environment, SpringApplication application) {
    environment.getPropertySources().addLast(new MapPropertySource(SOURCE, DEFAULTS));
  }

  @Override
  public int getOrder() {
    return Ordered.LOWEST_PRECEDENCE;
  }
}
