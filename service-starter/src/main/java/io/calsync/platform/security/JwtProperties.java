package io.calsync.platform.security;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.StringUtils;

/**
 * How bearer tokens are verified, and which tokens are accepted at all.
 *
 * @param secret HS256 key shared with the token issuer (local runs and tests); at least 32 bytes
 * @param jwkSetUri JWKS endpoint of the identity provider (production); when set, {@code secret} is
 *     not used
 * @param issuer the {@code iss} every token must carry; unset: not checked (local runs and tests,
 *     whose tokens come from several local issuers)
 * @param audiences the token's {@code aud} must name at least one of these; empty: not checked.
 *     Setting it per service keeps a token minted for one service from opening another
 * @param clockSkew how far {@code exp}, {@code nbf} and {@code iat} may be off the local clock; at
 *     most five minutes
 * @param maxLifetime the longest a token may live ({@code exp} minus {@code iat}, or minus now when
 *     it has no {@code iat}): a leaked token stops working within this time
 * @param rolesClaim the claim whose strings become {@code ROLE_*} authorities
 */
@ConfigurationProperties("calsync.security.jwt")
public record JwtProperties(
    String secret,
    String jwkSetUri,
    String issuer,
    @DefaultValue List<String> audiences,
    @DefaultValue("30s") Duration clockSkew,
    @DefaultValue("24h") Duration maxLifetime,
    @DefaultValue(Roles.CLAIM) String rolesClaim) {

  /** HS256 needs a key of at least 256 bits; Nimbus rejects shorter ones at the first request. */
  public static final int MIN_SECRET_BYTES = 32;

  /** A larger skew would hide a broken clock and keep expired tokens alive. */
  public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);

  public JwtProperties {
    if (!StringUtils.hasText(jwkSetUri)
        && (secret == null || secret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES)) {
      throw new IllegalArgumentException(
          "calsync.security.jwt.secret (CALSYNC_JWT_SECRET) must be at least "
              + MIN_SECRET_BYTES
              + " bytes when no JWKS URI is configured");
    }
    audiences = audiences == null ? List.of() : List.copyOf(audiences);
    clockSkew = clockSkew == null ? Duration.ofSeconds(30) : clockSkew;
    maxLifetime = maxLifetime == null ? Duration.ofHours(24) : maxLifetime;
    rolesClaim = StringUtils.hasText(rolesClaim) ? rolesClaim : Roles.CLAIM;
    if (clockSkew.isNegative() || clockSkew.compareTo(MAX_CLOCK_SKEW) > 0) {
      throw new IllegalArgumentException(
          "calsync.security.jwt.clock-skew must be between 0 and " + MAX_CLOCK_SKEW);
    }
    if (maxLifetime.isNegative() || maxLifetime.isZero()) {
      throw new IllegalArgumentException("calsync.security.jwt.max-lifetime must be positive");
    }
  }

  public boolean usesJwkSet() {
    return StringUtils.hasText(jwkSetUri);
  }
}
