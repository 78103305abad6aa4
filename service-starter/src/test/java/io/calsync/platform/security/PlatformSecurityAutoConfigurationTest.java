package io.calsync.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.security.reactive.ReactiveSecurityAutoConfiguration;
import org.springframework.boot.autoconfigure.security.reactive.ReactiveUserDetailsServiceAutoConfiguration;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.userdetails.ReactiveUserDetailsService;
import org.springframework.security.oauth2.jwt.JwtValidationException;
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
  void theDecoderHoldsTokensToTheStrictRules() {
    runner
        .withPropertyValues("calsync.security.jwt.secret=" + SECRET)
        .run(
            context -> {
              ReactiveJwtDecoder decoder = context.getBean(ReactiveJwtDecoder.class);
              Instant now = Instant.now();
              String valid =
                  hs256(
                      new JWTClaimsSet.Builder()
                          .subject("alice")
                          .issueTime(Date.from(now))
                          .expirationTime(Date.from(now.plusSeconds(300)))
                          .build());
              String withoutExpiry = hs256(new JWTClaimsSet.Builder().subject("alice").build());
              assertThat(decoder.decode(valid).block().getSubject()).isEqualTo("alice");
              assertThatThrownBy(() -> decoder.decode(withoutExpiry).block())
                  .isInstanceOf(JwtValidationException.class)
                  .hasMessageContaining("no expiry");
            });
  }

  private static String hs256(JWTClaimsSet claims) throws Exception {
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
    jwt.sign(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)));
    return jwt.serialize();
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
