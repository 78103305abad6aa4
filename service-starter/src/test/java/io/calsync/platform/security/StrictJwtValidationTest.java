package io.calsync.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

class StrictJwtValidationTest {

  private static final String SECRET = "a-local-test-secret-of-at-least-32-bytes";
  private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  private final OAuth2TokenValidator<Jwt> defaults =
      StrictJwtValidation.of(properties(null, List.of()), CLOCK);

  @Test
  void acceptsAnOrdinaryUserToken() {
    assertThat(defaults.validate(token(b -> {})).hasErrors()).isFalse();
  }

  @Test
  void rejectsATokenWithoutExpiry() {
    assertRejected(defaults, token(b -> b.claims(c -> c.remove("exp"))), "no expiry");
  }

  @Test
  void rejectsATokenWithoutSubject_orWithABlankOne() {
    assertRejected(defaults, token(b -> b.claims(c -> c.remove("sub"))), "no subject");
    assertRejected(defaults, token(b -> b.subject(" ")), "no subject");
  }

  @Test
  void rejectsAnExpiredToken_beyondTheClockSkew() {
    assertRejected(
        defaults,
        token(b -> b.issuedAt(NOW.minusSeconds(600)).expiresAt(NOW.minusSeconds(31))),
        "expired");
    assertThat(
            defaults
                .validate(
                    token(b -> b.issuedAt(NOW.minusSeconds(600)).expiresAt(NOW.minusSeconds(29))))
                .hasErrors())
        .isFalse();
  }

  @Test
  void rejectsATokenThatIsNotValidYet_orIssuedInTheFuture() {
    assertRejected(defaults, token(b -> b.notBefore(NOW.plusSeconds(120))), "not valid yet");
    assertRejected(
        defaults,
        token(b -> b.issuedAt(NOW.plusSeconds(120)).expiresAt(NOW.plusSeconds(600))),
        "in the future");
  }

  @Test
  void rejectsATokenThatLivesLongerThanTheMaximum() {
    assertRejected(
        defaults,
        token(b -> b.issuedAt(NOW).expiresAt(NOW.plus(Duration.ofDays(365)))),
        "lives longer");
    // Without iat the lifetime counts from now.
    assertRejected(
        defaults,
        token(b -> b.claims(c -> c.remove("iat")).expiresAt(NOW.plus(Duration.ofHours(25)))),
        "lives longer");
  }

  @Test
  void checksTheIssuerAndAudience_onlyWhenConfigured() {
    OAuth2TokenValidator<Jwt> strict =
        StrictJwtValidation.of(properties("https://idp.example", List.of("task-service")), CLOCK);
    Jwt meant =
        token(b -> b.issuer("https://idp.example").audience(List.of("task-service", "other")));
    assertThat(strict.validate(meant).hasErrors()).isFalse();
    assertRejected(
        strict,
        token(b -> b.issuer("https://idp.example").audience(List.of("token-service"))),
        "not meant for this service");
    assertRejected(
        strict, token(b -> b.issuer("https://idp.example")), "not meant for this service");
    assertThat(
            strict
                .validate(
                    token(b -> b.issuer("https://evil.example").audience(List.of("task-service"))))
                .hasErrors())
        .isTrue();
    // Unconfigured: any issuer and audience pass.
    assertThat(defaults.validate(token(b -> b.issuer("anyone").audience(List.of("x")))).hasErrors())
        .isFalse();
  }

  @Test
  void refusesASkewAboveFiveMinutes() {
    org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                new JwtProperties(SECRET, null, null, List.of(), Duration.ofMinutes(6), null, null))
        .withMessageContaining("clock-skew");
  }

  private static JwtProperties properties(String issuer, List<String> audiences) {
    return new JwtProperties(SECRET, null, issuer, audiences, null, null, null);
  }

  private static Jwt token(Consumer<Jwt.Builder> change) {
    Jwt.Builder builder =
        Jwt.withTokenValue("t")
            .header("alg", "HS256")
            .subject("alice")
            .issuedAt(NOW.minusSeconds(5))
            .expiresAt(NOW.plus(Duration.ofHours(1)));
    change.accept(builder);
    return builder.build();
  }

  private static void assertRejected(OAuth2TokenValidator<Jwt> validator, Jwt jwt, String reason) {
    OAuth2TokenValidatorResult result = validator.validate(jwt);
    assertThat(result.getErrors())
        .extracting(OAuth2Error::getDescription)
        .anySatisfy(description -> assertThat(description).contains(reason));
  }
}
