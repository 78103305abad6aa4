package io.calsync.token;

import static org.assertj.core.api.Assertions.assertThat;

import io.calsync.emulator.GoogleEmulator;
import io.calsync.testsupport.CalSyncTestInfrastructure;
import io.calsync.testsupport.PostgresDatabase;
import io.calsync.testsupport.ServiceInstances;
import io.calsync.testsupport.SharedPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
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
    properties.putAll(CalSyncTestInfrastructure.properties(database));
    properties.put("spring.jmx.enabled", false);
    properties.put("calsync.tokens.encryption.active-key-id", activeKeyId);
    extraKeys.forEach((id, key) -> properties.put("calsync.tokens.encryption.keys." + id, key));
    return ServiceInstances.run(TokenServiceApplication.class, properties);
  }

  private static WebTestClient client(int port) {
    return WebTestClient.bindToServer()
        .baseUrl("http://localhost:" + port)
        .responseTimeout(Duration.ofSeconds(30))
        .build();
  }

  private static String keyId(PostgresDatabase database, String userId) throws SQLException {
    try (Connection connection = database.connect();
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
