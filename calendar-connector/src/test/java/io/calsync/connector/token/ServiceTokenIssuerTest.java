package io.calsync.connector.token;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ServiceTokenIssuerTest {

  private static final String SECRET = "service-token-test-secret-of-32-bytes-or-more";
  private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");

  @Test
  void mintsShortLivedHs256TokenForTheConnectorWithServiceRole() throws Exception {
    ServiceTokenIssuer issuer = issuer(Clock.fixed(NOW, ZoneOffset.UTC));

    SignedJWT jwt = SignedJWT.parse(issuer.token());

    assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.HS256);
    assertThat(jwt.verify(new MACVerifier(SECRET.getBytes(StandardCharsets.UTF_8)))).isTrue();
    assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo("calendar-connector");
    assertThat(jwt.getJWTClaimsSet().getStringListClaim("roles")).containsExactly("SERVICE");
    assertThat(jwt.getJWTClaimsSet().getExpirationTime().toInstant())
        .isEqualTo(NOW.plus(Duration.ofMinutes(5)));
  }

  @Test
  void reusesTheTokenUntilMostOfItsLifetimeHasPassed() {
    MutableClock clock = new MutableClock(NOW);
    ServiceTokenIssuer issuer = issuer(clock);
    String first = issuer.token();

    clock.now = NOW.plus(Duration.ofMinutes(3));
    assertThat(issuer.token()).isEqualTo(first);

    clock.now = NOW.plus(Duration.ofMinutes(4));
    assertThat(issuer.token()).isNotEqualTo(first);
  }

  private static ServiceTokenIssuer issuer(Clock clock) {
    return new ServiceTokenIssuer(
        new TokenServiceProperties.ServiceToken(
            SECRET, "calendar-connector", Duration.ofMinutes(5)),
        clock);
  }

  private static final class MutableClock extends Clock {
    Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
