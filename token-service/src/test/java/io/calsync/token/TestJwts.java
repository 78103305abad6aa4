package io.calsync.token;

import com.nimbusds.jose.jwk.source.ImmutableSecret;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/** Bearer tokens as the CRM (users) and the connector (service) would present them. */
final class TestJwts {

  /** The HS256 secret of application.yml, which the ITs do not override. */
  static final String SECRET = "calsync-local-development-jwt-secret-not-for-production";

  private TestJwts() {}

  static String user(String userId) {
    return token(userId, List.of(), Duration.ofMinutes(5));
  }

  static String service() {
    return token("calendar-connector", List.of("SERVICE"), Duration.ofMinutes(5));
  }

  /** A negative {@code lifetime} gives a token that expired that long ago. */
  static String token(String subject, List<String> roles, Duration lifetime) {
    var key = new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    Instant now = Instant.now();
    Instant expiresAt = now.plus(lifetime);
    Instant issuedAt = lifetime.isNegative() ? expiresAt.minusSeconds(60) : now.minusSeconds(1);
    JwtClaimsSet claims =
        JwtClaimsSet.builder()
            .subject(subject)
            .issuedAt(issuedAt)
            .expiresAt(expiresAt)
            .claim("roles", roles)
            .build();
    return new NimbusJwtEncoder(new ImmutableSecret<>(key))
        .encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims))
        .getTokenValue();
  }
}
