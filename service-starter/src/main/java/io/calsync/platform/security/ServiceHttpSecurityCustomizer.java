package io.calsync.platform.security;

import org.springframework.security.config.web.server.ServerHttpSecurity;

/**
 * Anything else a service adds to the shared filter chain (CORS, for instance), applied before the
 * chain is built. Access rules belong in {@link ServiceRoutes}.
 */
@FunctionalInterface
public interface ServiceHttpSecurityCustomizer {

  void customize(ServerHttpSecurity http);
}
