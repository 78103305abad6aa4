package io.calsync.token.security;

import com.nimbusds.jose.jwk.source.ImmutableSecret;
import io.calsync.platform.security.DevelopmentSecretsGuard;
import io.calsync.platform.security.JwtProperties;
import io.calsync.platform.security.Roles;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Local development only, off unless {@code calsync.dev.sign-in.enabled=true} ({@code
 * CALSYNC_DEV_SIGN_IN}): signs a short-lived HS256 user token for whatever user id is asked for, so
 * the settings page can be used without the CRM that embeds it in production. Refuses to start
 * outside the {@value DevelopmentSecretsGuard#PROFILE} profile.
 */
@RestController
@ConditionalOnProperty(name = "calsync.dev.sign-in.enabled", havingValue = "true")
class DevSignInController {

  static final Duration LIFETIME = Duration.ofHours(1);

  private static final Logger log = LoggerFactory.getLogger(DevSignInController.class);

  private final NimbusJwtEncoder encoder;
  private final Clock clock;

  DevSignInController(JwtProperties properties, Clock clock, Environment environment) {
    if (!environment.acceptsProfiles(Profiles.of(DevelopmentSecretsGuard.PROFILE))) {
      throw new IllegalStateException(
          "calsync.dev.sign-in.enabled (CALSYNC_DEV_SIGN_IN) issues a token for any user to anyone;"
              + " it is allowed only with the '"
              + DevelopmentSecretsGuard.PROFILE
              + "' profile");
    }
    if (properties.usesJwkSet()) {
      throw new IllegalStateException(
          "calsync.dev.sign-in.enabled needs the HS256 secret; it cannot be used with a JWKS URI");
    }
    this.encoder =
        new NimbusJwtEncoder(
            new ImmutableSecret<>(
                new SecretKeySpec(
                    properties.secret().getBytes(StandardCharsets.UTF_8), "HmacSHA256")));
    this.clock = clock;
    log.warn("Development sign-in is ENABLED: anyone can obtain a token for any user id");
  }

  record SignIn(@NotBlank @Pattern(regexp = "[A-Za-z0-9._@-]{1,64}") String userId) {}

  record SignedIn(String token, Instant expiresAt) {}

  @PostMapping("/dev/v1/tokens")
  SignedIn signIn(@Valid @RequestBody SignIn request) {
    Instant now = clock.instant();
    JwtClaimsSet claims =
        JwtClaimsSet.builder()
            .issuer("calsync-dev-sign-in")
            .subject(request.userId())
            .issuedAt(now)
            .expiresAt(now.plus(LIFETIME))
            .claim(Roles.CLAIM, List.of())
            .build();
    String token =
        encoder
            .encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims))
            .getTokenValue();
    return new SignedIn(token, now.plus(LIFETIME));
  }
}
