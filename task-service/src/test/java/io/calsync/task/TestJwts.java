package io.calsync.task;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;

/** Real HS256 bearer tokens signed with the service's configured secret. */
public final class TestJwts {

  /** The development secret of application.yml, which the tests run with. */
  public static final String SECRET = "calsync-local-development-jwt-secret-not-for-production";

  private TestJwts() {}

  /**
   * {@code Bearer <jwt>} for the CRM user {@code userId} (the JWT subject; null for a token without
   * subject), valid for an hour.
   */
  public static String bearer(String userId) {
    Instant now = Instant.now();
    JWTClaimsSet.Builder claims =
        new JWTClaimsSet.Builder()
            .issuer("calsync-tests")
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plusSeconds(3600)));
    if (userId != null) {
      claims.subject(userId);
    }
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
    try {
      jwt.sign(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)));
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
    return "Bearer " + jwt.serialize();
  }
}
