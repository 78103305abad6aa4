package io.calsync.platform.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.util.StringUtils;

/**
 * The rules every service applies to a bearer token after its signature is verified. Spring's
 * default only checks {@code exp} and {@code nbf} when they are present, so a token without {@code
 * exp} would never expire and one without {@code sub} would reach the controllers without a user;
 * here both are required, the token may not live longer than {@link JwtProperties#maxLifetime()},
 * may not be issued in the future, and {@code iss}/{@code aud} are checked when configured.
 *
 * <p>Every failure is an {@code invalid_token} (401 with a {@code WWW-Authenticate} header); the
 * description names the rule, never the token.
 */
public final class StrictJwtValidation implements OAuth2TokenValidator<Jwt> {

  private final JwtProperties properties;
  private final Clock clock;

  private StrictJwtValidation(JwtProperties properties, Clock clock) {
    this.properties = properties;
    this.clock = clock;
  }

  /** The whole rule set for {@code properties}: this class plus issuer and audience checks. */
  public static OAuth2TokenValidator<Jwt> of(JwtProperties properties, Clock clock) {
    List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
    validators.add(new StrictJwtValidation(properties, clock));
    if (StringUtils.hasText(properties.issuer())) {
      validators.add(new JwtIssuerValidator(properties.issuer()));
    }
    if (!properties.audiences().isEmpty()) {
      validators.add(
          jwt ->
              jwt.getAudience() != null
                      && jwt.getAudience().stream().anyMatch(properties.audiences()::contains)
                  ? OAuth2TokenValidatorResult.success()
                  : invalid("the token is not meant for this service (aud)"));
    }
    return new DelegatingOAuth2TokenValidator<>(validators);
  }

  @Override
  public OAuth2TokenValidatorResult validate(Jwt jwt) {
    Instant now = clock.instant();
    Duration skew = properties.clockSkew();
    Instant expiresAt = jwt.getExpiresAt();
    if (expiresAt == null) {
      return invalid("the token has no expiry (exp)");
    }
    if (!StringUtils.hasText(jwt.getSubject())) {
      return invalid("the token names no subject (sub)");
    }
    if (now.minus(skew).isAfter(expiresAt)) {
      return invalid("the token has expired");
    }
    Instant notBefore = jwt.getNotBefore();
    if (notBefore != null && now.plus(skew).isBefore(notBefore)) {
      return invalid("the token is not valid yet (nbf)");
    }
    Instant issuedAt = jwt.getIssuedAt();
    if (issuedAt != null && now.plus(skew).isBefore(issuedAt)) {
      return invalid("the token is issued in the future (iat)");
    }
    Instant lifetimeStart = issuedAt != null ? issuedAt : now;
    if (Duration.between(lifetimeStart, expiresAt).compareTo(properties.maxLifetime().plus(skew))
        > 0) {
      return invalid("the token lives longer than " + properties.maxLifetime());
    }
    return OAuth2TokenValidatorResult.success();
  }

  private static OAuth2TokenValidatorResult invalid(String description) {
    return OAuth2TokenValidatorResult.failure(
        new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, description, null));
  }
}
