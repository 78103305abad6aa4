package io.calsync.connector.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Mints the short-lived HS256 JWT that authenticates the connector to token-service's internal
 * endpoint: {@code sub = calendar-connector}, {@code roles = ["SERVICE"]}. One token is reused
 * until a fifth of its lifetime is left.
 */
final class ServiceTokenIssuer {

  static final String SERVICE_ROLE = "SERVICE";

  private record Minted(String token, Instant renewAt) {}

  private final TokenServiceProperties.ServiceToken settings;
  private final MACSigner signer;
  private final Clock clock;
  private final AtomicReference<Minted> current = new AtomicReference<>();

  ServiceTokenIssuer(TokenServiceProperties.ServiceToken settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
    try {
      this.signer = new MACSigner(settings.secret().getBytes(StandardCharsets.UTF_8));
    } catch (JOSEException e) {
      throw new IllegalArgumentException(
          "calsync.token-service.service-token.secret must be at least 32 bytes", e);
    }
  }

  String token() {
    Instant now = clock.instant();
    Minted minted = current.get();
    if (minted == null || !now.isBefore(minted.renewAt())) {
      minted = mint(now);
      current.set(minted);
    }
    return minted.token();
  }

  private Minted mint(Instant now) {
    Instant expiresAt = now.plus(settings.ttl());
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .subject(settings.subject())
            .claim("roles", List.of(SERVICE_ROLE))
            .issueTime(Date.from(now))
            .expirationTime(Date.from(expiresAt))
            .jwtID(UUID.randomUUID().toString())
            .build();
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
    try {
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign the service token", e);
    }
    return new Minted(jwt.serialize(), now.plus(settings.ttl().multipliedBy(4).dividedBy(5)));
  }
}
