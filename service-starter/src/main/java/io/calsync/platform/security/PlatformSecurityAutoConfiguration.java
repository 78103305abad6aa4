package io.calsync.platform.security;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.security.reactive.EndpointRequest;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
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
 * Stateless bearer-token security every service shares. Probes, info and the Prometheus scrape are
 * open, every other actuator endpoint needs the {@value Roles#OPS} role; then come the service's
 * own {@link ServiceRoutes}; everything else, {@code /api/**} in particular, needs a valid JWT. The
 * roles claim ({@value Roles#CLAIM} unless {@code calsync.security.jwt.roles-claim} says otherwise)
 * becomes {@code ROLE_*} authorities for role rules. Tokens are HS256 with {@code
 * calsync.security.jwt.secret} (local runs and tests) or verified against {@code
 * calsync.security.jwt.jwk-set-uri} (production), then held to {@link StrictJwtValidation}: {@code
 * exp} and {@code sub} required, bounded lifetime, {@code iss}/{@code aud} when configured.
 *
 * <p>Runs before Spring Boot's own reactive security so that neither its default user nor its
 * default filter chain is created.
 */
@AutoConfiguration(
    beforeName = {
      "org.springframework.boot.actuate.autoconfigure.security.reactive.ReactiveManagementWebSecurityAutoConfiguration",
      "org.springframework.boot.autoconfigure.security.reactive.ReactiveSecurityAutoConfiguration",
      "org.springframework.boot.autoconfigure.security.reactive.ReactiveUserDetailsServiceAutoConfiguration",
      "org.springframework.boot.autoconfigure.security.oauth2.resource.reactive.ReactiveOAuth2ResourceServerAutoConfiguration"
    })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnClass({
  EnableWebFluxSecurity.class,
  NimbusReactiveJwtDecoder.class,
  EndpointRequest.class
})
@EnableWebFluxSecurity
@EnableConfigurationProperties(JwtProperties.class)
public class PlatformSecurityAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean(SecurityWebFilterChain.class)
  SecurityWebFilterChain securityWebFilterChain(
      ServerHttpSecurity http,
      ObjectProvider<ServiceRoutes> routes,
      ObjectProvider<ServiceHttpSecurityCustomizer> customizers,
      JwtProperties properties) {
    http
        // Bearer tokens only, no cookies or sessions, so there is nothing for CSRF to protect.
        .csrf(ServerHttpSecurity.CsrfSpec::disable)
        .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
        .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
        .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
        .authorizeExchange(
            exchanges -> {
              exchanges.matchers(EndpointRequest.to("health", "info", "prometheus")).permitAll();
              // Metrics name users' activity and the system's internals: operators only.
              exchanges.matchers(EndpointRequest.toAnyEndpoint()).hasRole(Roles.OPS);
              routes.orderedStream().forEach(route -> route.authorize(exchanges));
              exchanges.pathMatchers("/api/**").authenticated().anyExchange().authenticated();
            })
        .oauth2ResourceServer(
            oauth2 ->
                oauth2.jwt(
                    jwt ->
                        jwt.jwtAuthenticationConverter(rolesConverter(properties.rolesClaim()))));
    customizers.orderedStream().forEach(customizer -> customizer.customize(http));
    return http.build();
  }

  @Bean
  @ConditionalOnMissingBean(ReactiveJwtDecoder.class)
  ReactiveJwtDecoder jwtDecoder(JwtProperties properties, ObjectProvider<Clock> clock) {
    NimbusReactiveJwtDecoder decoder;
    if (properties.usesJwkSet()) {
      decoder = NimbusReactiveJwtDecoder.withJwkSetUri(properties.jwkSetUri()).build();
    } else {
      SecretKey key =
          new SecretKeySpec(properties.secret().getBytes(StandardCharsets.UTF_8), "HmacSHA256");
      decoder =
          NimbusReactiveJwtDecoder.withSecretKey(key).macAlgorithm(MacAlgorithm.HS256).build();
    }
    decoder.setJwtValidator(
        StrictJwtValidation.of(properties, clock.getIfUnique(Clock::systemUTC)));
    return decoder;
  }

  private static ReactiveJwtAuthenticationConverterAdapter rolesConverter(String rolesClaim) {
    JwtGrantedAuthoritiesConverter authorities = new JwtGrantedAuthoritiesConverter();
    authorities.setAuthoritiesClaimName(rolesClaim);
    authorities.setAuthorityPrefix("ROLE_");
    JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
    converter.setJwtGrantedAuthoritiesConverter(authorities);
    return new ReactiveJwtAuthenticationConverterAdapter(converter);
  }
}
