package io.calsync.platform.security;

import org.springframework.security.config.web.server.ServerHttpSecurity.AuthorizeExchangeSpec;

/**
 * A service's own access rules. The starter opens the probes, info and the Prometheus scrape first,
 * then applies every {@code ServiceRoutes} bean in order, then requires a valid JWT for everything
 * else ({@code /api/**} in particular). A rule added here therefore only opens a path or narrows it
 * to a role; it cannot close the actuator endpoints the starter opens.
 */
@FunctionalInterface
public interface ServiceRoutes {

  void authorize(AuthorizeExchangeSpec exchanges);
}
