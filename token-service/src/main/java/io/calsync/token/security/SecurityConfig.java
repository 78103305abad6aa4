package io.calsync.token.security;

import java.nio.charset.StandardCharsets;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.boot.actuate.autoconfigure.security.reactive.EndpointRequest;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.oauth2.server.resource.authentication.ReactiveJwtAuthenticationConverterAdapter;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;

/**
 * Stateless bearer-token security. Probes, info, the Prometheus scrape, the settings page, the
 * OAuth callback and (when enabled) the dev sign-in are open; {@code /api/**} needs a CRM user's
 * JWT; {@code /internal/**} (token vending to the connector) needs a JWT with the {@value
 * #SERVICE_ROLE} role in its {@value #ROLES_CLAIM} claim.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
@EnableConfigurationProperties(JwtProperties.class)
class SecurityConfig {

  /** JWT claim holding the caller's roles, e.g. {@code "roles": ["SERVICE"]}. */
  static final String ROLES_CLAIM = "roles";

  /** Role of another CalSync service calling an internal endpoint. */
  static final String SERVICE_ROLE = "SERVICE";

  private static final String[] PAGE_PATHS = {
    "/",
    "/index.html",
    "/settings-page.js",
    "/held-deletions.js",
    "/settings-page.css",
    "/settings-page/config"
  };

  @Bean
  SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http) {
    return http
        // Bearer tokens only, no cookies or sessions, so there is nothing for CSRF to protect.
        .csrf(ServerHttpSecurity.CsrfSpec::disable)
        .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
        .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
        .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
        .authorizeExchange(
            exchanges ->
                exchanges
                    .matchers(EndpointRequest.to("health", "info", "prometheus"))
                    .permitAll()
                    // The settings page and its assets; its API calls carry the user's token.
                    .pathMatchers(HttpMethod.GET, PAGE_PATHS)
                    .permitAll()
                    // The OAuth callback is a browser redirect from Google: the signed, single-use
                    // state binds it to the user who started the flow.
                    .pathMatchers(HttpMethod.GET, "/oauth2/callback/google")
                    .permitAll()
                    // Only mapped when calsync.dev.sign-in.enabled=true; 404 otherwise.
                    .pathMatchers(HttpMethod.POST, "/dev/v1/tokens")
                    .permitAll()
                    .pathMatchers("/internal/**")
                    .hasRole(SERVICE_ROLE)
                    .pathMatchers("/api/**")
                    .authenticated()
                    .anyExchange()
                    .authenticated())
        .oauth2ResourceServer(
            oauth2 -> oauth2.jwt(jwt -> jwt.jwtAuthenticationConverter(rolesConverter())))
        .build();
  }

  @Bean
  ReactiveJwtDecoder jwtDecoder(JwtProperties properties) {
    if (properties.usesJwkSet()) {
      return NimbusReactiveJwtDecoder.withJwkSetUri(properties.jwkSetUri()).build();
    }
    SecretKey key =
        new SecretKeySpec(properties.secret().getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    return NimbusReactiveJwtDecoder.withSecretKey(key).macAlgorithm(MacAlgorithm.HS256).build();
  }

  private static ReactiveJwtAuthenticationConverterAdapter rolesConverter() {
    JwtGrantedAuthoritiesConverter authorities = new JwtGrantedAuthoritiesConverter();
    authorities.setAuthoritiesClaimName(ROLES_CLAIM);
    authorities.setAuthorityPrefix("ROLE_");
    JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
    converter.setJwtGrantedAuthoritiesConverter(authorities);
    return new ReactiveJwtAuthenticationConverterAdapter(converter);
  }
}
