package io.calsync.platform.security;

import java.nio.charset.StandardCharsets;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.StringUtils;

/**
 * How bearer tokens are verified.
 *
 * @param secret HS256 key shared with the token issuer (local runs and tests); at least 32 bytes
 * @param jwkSetUri JWKS endpoint of the identity provider (production); when set, {@code secret} is
 *     not used
 */
@ConfigurationProperties("calsync.security.jwt")
public record JwtProperties(String secret, String jwkSetUri) {

  /** HS256 needs a key of at least 256 bits; Nimbus rejects shorter ones at the first request. */
  public static final int MIN_SECRET_BYTES = 32;

  public JwtProperties {
    if (!StringUtils.hasText(jwkSetUri)
        && (secret == null || secret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES)) {
      throw new IllegalArgumentException(
          "calsync.security.jwt.secret (CALSYNC_JWT_SECRET) must be at least "
              + MIN_SECRET_BYTES
              + " bytes when no JWKS URI is configured");
    }
  }

  public boolean usesJwkSet() {
    return StringUtils.hasText(jwkSetUri);
  }
}
