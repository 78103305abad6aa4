package io.calsync.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.security.reactive.ReactiveSecurityAutoConfiguration;
import org.springframework.boot.autoconfigure.security.reactive.ReactiveUserDetailsServiceAutoConfiguration;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.userdetails.ReactiveUserDetailsService;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;
import reactor.core.publisher.Mono;

class PlatformSecurityAutoConfigurationTest {

  private static final String SECRET = "a-local-test-secret-of-at-least-32-bytes";

  private final ReactiveWebApplicationContextRunner runner =
      new ReactiveWebApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  PlatformSecurityAutoConfiguration.class,
                  ReactiveSecurityAutoConfiguration.class,
                  ReactiveUserDetailsServiceAutoConfiguration.class));

  @Test
  void createsTheFilterChainAndAnHs256Decoder_andNoDefaultUser() {
    runner
        .withPropertyValues("calsync.security.jwt.secret=" + SECRET)
        .run(
            context ->
                assertThat(context)
                    .hasSingleBean(SecurityWebFilterChain.class)
                    .hasSingleBean(NimbusReactiveJwtDecoder.class)
                    .doesNotHaveBean(ReactiveUserDetailsService.class));
  }

  @Test
  void failsToStart_withAShortSecretAndNoJwksUri() {
    runner
        .withPropertyValues("calsync.security.jwt.secret=short")
        .run(
            context ->
                assertThat(context.getStartupFailure())
                    .rootCause()
                    .hasMessageContaining("at least 32 bytes"));
  }

  @Test
  void bindsTheJwksUri_andIgnoresTheSecret() {
    runner
        .withPropertyValues("calsync.security.jwt.jwk-set-uri=http://idp.example/jwks")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context.getBean(JwtProperties.class).usesJwkSet()).isTrue();
            });
  }

  @Test
  void usesTheServicesOwnDecoderAndChain_whenItDeclaresThem() {
    runner
        .withUserConfiguration(OwnSecurityConfig.class)
        .withPropertyValues("calsync.security.jwt.secret=" + SECRET)
        .run(
            context -> {
              assertThat(context).hasSingleBean(ReactiveJwtDecoder.class);
              assertThat(context.getBean(ReactiveJwtDecoder.class))
                  .isSameAs(OwnSecurityConfig.DECODER);
              assertThat(context).getBeanNames(SecurityWebFilterChain.class).containsExactly("own");
            });
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnSecurityConfig {
    static final ReactiveJwtDecoder DECODER = token -> Mono.empty();

    @Bean
    ReactiveJwtDecoder ownDecoder() {
      return DECODER;
    }

    @Bean
    SecurityWebFilterChain own(
        org.springframework.security.config.web.server.ServerHttpSecurity http) {
      return http.build();
    }
  }
}
