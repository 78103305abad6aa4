package io.calsync.token;

import static org.assertj.core.api.Assertions.assertThat;

import io.calsync.emulator.GoogleEmulator;
import io.calsync.testsupport.PostgresDatabase;
import io.calsync.testsupport.SharedKafka;
import io.calsync.testsupport.SharedPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Key rotation in the running service: a refresh token written under key {@code k1} is still used
 * after a restart with {@code k2} active (and {@code k1} kept), while new and replaced tokens are
 * written under {@code k2}. Two service instances in turn, one database, one emulated Google.
 */
class KeyRotationIT {

  private static final String NEW_KEY = "XnA/ZFThQlapDEB5tfaN8rqdJ157hUtyV/i1RxV42W4=";

  @Test
  void rowsWrittenUnderTheOldKeyStayReadable_andNewWritesUseTheNewKey() throws Exception {
    GoogleEmulator google = TestGoogle.startEmulator();
    PostgresDatabase database = SharedPostgres.freshDatabase("tokens");
    int before = TestGoogle.freePort();
    int after = TestGoogle.freePort();
    google.registerClient(
        TestGoogle.CLIENT_ID,
        TestGoogle.CLIENT_SECRET,
        TestGoogle.callback(before),
        TestGoogle.callback(after));
    String oldUser = "user-" + UUID.randomUUID();
    String newUser = "user-" + UUID.randomUUID();

    try (var service = start(google, database, before, "k1", Map.of())) {
      new ConnectSteps(client(before), google).connect(oldUser, "alice@example.com");
    }
    assertThat(keyId(database, oldUser)).isEqualTo("k1");

    try (var service = start(google, database, after, "k2", Map.of("k2", NEW_KEY))) {
      WebTestClient http = client(after);
      http.get()
          .uri("/internal/v1/users/{userId}/google-access-token", oldUser)
          .headers(h -> h.setBearerAuth(TestJwts.service()))
          .exchange()
          .expectStatus()
          .isOk()
          .expectBody()
          .jsonPath("$.accessToken")
          .isNotEmpty();
      assertThat(keyId(database, oldUser)).isEqualTo("k1");

      new ConnectSteps(http, google).connect(newUser, "bob@example.com");
      new ConnectSteps(http, google).connect(oldUser, "alice@example.com");
    }
    assertThat(keyId(database, newUser)).isEqualTo("k2");
    assertThat(keyId(database, oldUser)).isEqualTo("k2");
  }

  private static ConfigurableApplicationContext start(
      GoogleEmulator google,
      PostgresDatabase database,
      int port,
      String activeKeyId,
      Map<String, String> extraKeys) {
    Map<String, Object> properties = new HashMap<>(TestGoogle.serviceProperties(google, port));
    properties.put("spring.kafka.bootstrap-servers", SharedKafka.bootstrapServers());
    properties.put("spring.r2dbc.url", database.r2dbcUrl());
    properties.put("spring.r2dbc.username", database.username());
    properties.put("spring.r2dbc.password", database.password());
    properties.put("spring.flyway.url", database.jdbcUrl());
    properties.put("spring.flyway.user", database.username());
    properties.put("spring.flyway.password", database.password());
    properties.put("spring.jmx.enabled", false);
    properties.put("calsync.tokens.encryption.active-key-id", activeKeyId);
    extraKeys.forEach((id, key) -> properties.put("calsync.tokens.encryption.keys." + id, key));
    // Command-line arguments: they take precedence over application.yml (default properties do
    // not).
    String[] args =
        properties.entrySet().stream()
            .map(e -> "--" + e.getKey() + "=" + e.getValue())
            .toArray(String[]::new);
    return new SpringApplicationBuilder(TokenServiceApplication.class)
        // Own event loops, as in Spring Boot's test contexts: closing this instance must not
        // dispose Reactor Netty's global resources, which the emulated Google serves on.
        .initializers(
            context ->
                context
                    .getBeanFactory()
                    .addBeanPostProcessor(
                        new BeanPostProcessor() {
                          @Override
                          public Object postProcessBeforeInitialization(Object bean, String name) {
                            if (bean instanceof ReactorResourceFactory factory) {
                              factory.setUseGlobalResources(false);
                            }
                            return bean;
                          }
                        }))
        .run(args);
  }

  private static WebTestClient client(int port) {
    return WebTestClient.bindToServer()
        .baseUrl("http://localhost:" + port)
        .responseTimeout(Duration.ofSeconds(30))
        .build();
  }

  private static String keyId(PostgresDatabase database, String userId) throws SQLException {
    try (Connection connection =
            DriverManager.getConnection(
                database.jdbcUrl(), database.username(), database.password());
        var statement =
            connection.prepareStatement(
                "select refresh_token_key_id from google_connection where user_id = ?")) {
      statement.setString(1, userId);
      try (ResultSet row = statement.executeQuery()) {
        assertThat(row.next()).isTrue();
        return row.getString(1);
      }
    }
  }
}
