package io.calsync.token.security;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.calsync.platform.security.JwtProperties;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/** The development sign-in issues tokens for any user: never outside the development profile. */
class DevSignInControllerTest {

  private static final JwtProperties JWT =
      new JwtProperties(
          "a-test-secret-of-at-least-thirty-two-bytes",
          null,
          null,
          List.of(),
          Duration.ofSeconds(30),
          Duration.ofHours(24),
          "roles");

  @Test
  void refusesToStart_outsideTheDevelopmentProfile() {
    MockEnvironment production = new MockEnvironment();
    production.setActiveProfiles("production");

    assertThatThrownBy(() -> new DevSignInController(JWT, Clock.systemUTC(), production))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("CALSYNC_DEV_SIGN_IN")
        .hasMessageContaining("'development' profile");
    assertThatThrownBy(() -> new DevSignInController(JWT, Clock.systemUTC(), new MockEnvironment()))
        .as("no profile at all")
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void startsInTheDevelopmentProfile() {
    MockEnvironment development = new MockEnvironment();
    development.setActiveProfiles("development");

    assertThatCode(() -> new DevSignInController(JWT, Clock.systemUTC(), development))
        .doesNotThrowAnyException();
  }
}
