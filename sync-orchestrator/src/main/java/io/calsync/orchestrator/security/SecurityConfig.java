package io.calsync.orchestrator.security;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.boot.actuate.autoconfigure.security.reactive.EndpointRequest;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
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
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.CorsConfigurationSource;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;

/**
 * Stateless bearer-token security. Probes, info and the Prometheus scrape are open; everything
 * else, {@code /api/**} in particular, needs a valid JWT. The {@value #ROLES_CLAIM} claim becomes
 * {@code ROLE_*} authorities for role rules.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
@EnableConfigurationProperties({JwtProperties.class, CorsProperties.class})
class SecurityConfig {

  /** JWT claim holding the caller's roles, e.g. {@code "roles": ["SERVICE"]}. */
  static final String ROLES_CLAIM = "roles";

  /** The APIs the settings page (another origin) calls from the browser. */
  static final String HISTORY_PATH = "/api/v1/sync/history";

  static final String HELD_DELETIONS_PATH = "/api/v1/sync/held-deletions";
  static final String HELD_DELETION_DECISIONS_PATH = HELD_DELETIONS_PATH + "/decisions";

  @Bean
  SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http, CorsProperties cors) {
    return http
        // Answers CORS preflights before authentication, which they never carry.
        .cors(spec -> spec.configurationSource(corsConfiguration(cors)))
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

  private static ReactiveJwtAuthenticationConverterAdapter rolesConverter() {
    JwtGrantedAuthoritiesConverter authorities = new JwtGrantedAuthoritiesConverter();
    authorities.setAuthoritiesClaimName(ROLES_CLAIM);
    authorities.setAuthorityPrefix("ROLE_");
    JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
    converter.setJwtGrantedAuthoritiesConverter(authorities);
    return new ReactiveJwtAuthenticationConverterAdapter(converter);
  }
}
