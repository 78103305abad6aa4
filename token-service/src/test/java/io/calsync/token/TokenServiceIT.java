package io.calsync.token;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.source.ImmutableSecret;
import io.calsync.contracts.Topics;
import io.calsync.testsupport.CalSyncTestInfrastructure;
import io.calsync.testsupport.PostgresDatabase;
import io.calsync.testsupport.conventions.ServiceConventions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Boots token-service against the shared Kafka broker and a fresh PostgreSQL database and runs the
 * {@link ServiceConventions} every service passes, plus its own security and settings-page checks.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class TokenServiceIT extends ServiceConventions {

  private static PostgresDatabase database;

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    database = CalSyncTestInfrastructure.register(registry, "tokens");
  }

  @Value("${calsync.security.jwt.secret}")
  String jwtSecret;

  @Override
  protected PostgresDatabase database() {
    return database;
  }

  @Override
  protected List<String> expectedTables() {
    return List.of("google_connection", "oauth_state", "sync_settings");
  }

  @Override
  protected List<String> declaredTopics() {
    // sync.requests first: the error-handler check builds its container for the first topic.
    return List.of(Topics.SYNC_REQUESTS, Topics.CONNECTION_EVENTS);
  }

  /** token-service only produces. */
  @Override
  protected List<String> consumedTopics() {
    return List.of();
  }

  @Override
  protected Optional<PoisonCase> poisonCase() {
    return Optional.empty();
  }

  @Override
  protected String protectedPath() {
    return "/api/v1/connections/google";
  }

  @Test
  void letsAValidUserTokenPastSecurity() {
    http.get()
        .uri("/api/v1/connections/google")
        .headers(headers -> headers.setBearerAuth(token("user-1", List.of())))
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.status")
        .isEqualTo("DISCONNECTED");
  }

  @Test
  void servesTheSettingsPageWithoutToken_andKeepsDevSignInOffByDefault() {
    http.get()
        .uri("/")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody(String.class)
        .value(body -> assertThat(body).contains("Google Calendar sync"));
    http.get()
        .uri("/settings-page/config")
        .exchange()
        .expectBody()
        .jsonPath("$.devSignIn")
        .isEqualTo(false);
    http.post()
        .uri("/dev/v1/tokens")
        .bodyValue(Map.of("userId", "alice"))
        .exchange()
        .expectStatus()
        .isNotFound();
  }

  @Test
  void rejectsInternalRequestWithoutServiceRole() {
    http.get()
        .uri("/internal/v1/users/user-1/google-access-token")
        .headers(headers -> headers.setBearerAuth(token("user-1", List.of())))
        .exchange()
        .expectStatus()
        .isEqualTo(HttpStatus.FORBIDDEN);
  }

  @Test
  void letsAServiceTokenReachInternalEndpoints() {
    // Past security: the user has no connection, which is the endpoint's own 404.
    http.get()
        .uri("/internal/v1/users/user-1/google-access-token")
        .headers(headers -> headers.setBearerAuth(token("calendar-connector", List.of("SERVICE"))))
        .exchange()
        .expectStatus()
        .isNotFound();
  }

  private String token(String subject, List<String> roles) {
    var key = new SecretKeySpec(jwtSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    var encoder = new NimbusJwtEncoder(new ImmutableSecret<>(key));
    Instant now = Instant.now();
    JwtClaimsSet claims =
        JwtClaimsSet.builder()
            .subject(subject)
            .issuedAt(now)
            .expiresAt(now.plus(Duration.ofMinutes(5)))
            .claim("roles", roles)
            .build();
    return encoder
        .encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims))
        .getTokenValue();
  }
}
