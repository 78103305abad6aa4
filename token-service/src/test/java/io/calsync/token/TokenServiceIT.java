package io.calsync.token;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.source.ImmutableSecret;
import io.calsync.contracts.Topics;
import io.calsync.testsupport.CalSyncTestInfrastructure;
import io.calsync.testsupport.FlywayMigrations;
import io.calsync.testsupport.KafkaTopicAssertions;
import io.calsync.testsupport.PostgresDatabase;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.http.HttpStatus;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Boots token-service against the shared Kafka broker and a fresh PostgreSQL database. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
// Spring Boot switches metrics export off in tests; the Prometheus endpoint is under test here.
@AutoConfigureObservability(tracing = false)
class TokenServiceIT {

  private static PostgresDatabase database;

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    database = CalSyncTestInfrastructure.register(registry, "tokens");
  }

  @Autowired WebTestClient http;
  @Autowired KafkaAdmin kafkaAdmin;
  @Autowired ConcurrentKafkaListenerContainerFactory<?, ?> listenerContainerFactory;
  @Autowired CommonErrorHandler errorHandler;

  @Value("${calsync.security.jwt.secret}")
  String jwtSecret;

  @Test
  void reportsLivenessAndReadinessUp() {
    for (String probe : List.of("liveness", "readiness")) {
      http.get()
          .uri("/actuator/health/" + probe)
          .exchange()
          .expectStatus()
          .isOk()
          .expectBody()
          .jsonPath("$.status")
          .isEqualTo("UP");
    }
  }

  @Test
  void servesPrometheusScrapeWithoutToken() {
    http.get()
        .uri("/actuator/prometheus")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody(String.class)
        .value(body -> assertThat(body).contains("jvm_memory_used_bytes"));
  }

  @Test
  void migratesTheConnectionSchemaWithFlyway() {
    // Every migration the service ships ran, in order, and none failed.
    assertThat(database.appliedMigrations())
        .isNotEmpty()
        .containsExactlyElementsOf(FlywayMigrations.versionsOnClasspath());
    assertThat(database.tableNames()).contains("google_connection", "oauth_state", "sync_settings");
  }

  @Test
  void declaresProducedTopicsAndDeadLetterTopicsWithContractShape() {
    KafkaTopicAssertions.assertDeclaredWithContractShape(
        kafkaAdmin.getConfigurationProperties(), Topics.CONNECTION_EVENTS, Topics.SYNC_REQUESTS);
  }

  @Test
  void rejectsApiRequestWithoutBearerToken() {
    http.get()
        .uri("/api/v1/connections/google")
        .exchange()
        .expectStatus()
        .isUnauthorized()
        .expectHeader()
        .valueMatches("WWW-Authenticate", "Bearer.*");
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

  @Test
  void wiresTheDeadLetteringErrorHandlerIntoListenerContainers() {
    var container = listenerContainerFactory.createContainer(Topics.SYNC_REQUESTS);
    assertThat(container.getCommonErrorHandler()).isSameAs(errorHandler);
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
