package io.calsync.token;

import io.calsync.emulator.GoogleEmulator;
import io.calsync.testsupport.CalSyncTestInfrastructure;
import io.calsync.testsupport.PostgresDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Wires a token-service test context to real Kafka, a fresh PostgreSQL database and an emulated
 * Google on which the service's callback (on a free port) is registered.
 */
final class TestGoogle {

  static final String CLIENT_ID = "calsync-it";

  /** Distinctive, so a leak into logs, records or bodies is easy to find. */
  static final String CLIENT_SECRET = "it-client-secret-" + UUID.randomUUID();

  static final String KEY_ID = "k1";
  static final String KEY = "eskQtHs6h7Li15gdGCQByuCpzpvMvodpGLsGc9WQN2w=";

  /**
   * Auto-configurations that token-service's classpath would otherwise switch on inside the
   * embedded emulator (it is a Spring Boot application too): a database it does not have, and
   * Spring Security locking its endpoints. Until the emulator excludes them itself.
   */
  private static final String EMULATOR_EXCLUDES =
      String.join(
          ",",
          "org.springframework.boot.autoconfigure.r2dbc.R2dbcAutoConfiguration",
          "org.springframework.boot.autoconfigure.data.r2dbc.R2dbcDataAutoConfiguration",
          "org.springframework.boot.autoconfigure.data.r2dbc.R2dbcRepositoriesAutoConfiguration",
          "org.springframework.boot.autoconfigure.r2dbc.R2dbcTransactionManagerAutoConfiguration",
          "org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration",
          "org.springframework.boot.autoconfigure.kafka.KafkaAutoConfiguration",
          "org.springframework.boot.autoconfigure.security.reactive.ReactiveSecurityAutoConfiguration",
          "org.springframework.boot.autoconfigure.security.reactive.ReactiveUserDetailsServiceAutoConfiguration",
          "org.springframework.boot.autoconfigure.security.oauth2.resource.reactive.ReactiveOAuth2ResourceServerAutoConfiguration",
          "org.springframework.boot.actuate.autoconfigure.security.reactive.ReactiveManagementWebSecurityAutoConfiguration");

  private TestGoogle() {}

  /** An emulated Google in this JVM; {@code properties} as for {@link GoogleEmulator#start}. */
  static GoogleEmulator startEmulator(String... properties) {
    String[] all = new String[properties.length + 1];
    all[0] = "spring.autoconfigure.exclude=" + EMULATOR_EXCLUDES;
    System.arraycopy(properties, 0, all, 1, properties.length);
    return GoogleEmulator.start(all);
  }

  /** The service under test, wired to {@code google}; returns its database. */
  static PostgresDatabase register(
      DynamicPropertyRegistry registry, GoogleEmulator google, int port) {
    PostgresDatabase database = CalSyncTestInfrastructure.register(registry, "tokens");
    google.registerClient(CLIENT_ID, CLIENT_SECRET, callback(port));
    serviceProperties(google, port).forEach((name, value) -> registry.add(name, () -> value));
    return database;
  }

  /** token-service's Google, OAuth and encryption settings for a service on {@code port}. */
  static Map<String, Object> serviceProperties(GoogleEmulator google, int port) {
    String base = "http://localhost:" + port;
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("server.port", port);
    properties.put("calsync.google.client-id", CLIENT_ID);
    properties.put("calsync.google.client-secret", CLIENT_SECRET);
    properties.put("calsync.google.authorization-uri", google.authorizationUrl());
    properties.put("calsync.google.token-uri", google.tokenUrl());
    properties.put("calsync.google.revoke-uri", google.revokeUrl());
    properties.put("calsync.google.userinfo-uri", google.userinfoUrl());
    properties.put("calsync.google.redirect-uri", callback(port));
    properties.put("calsync.google.allowed-redirect-uris", callback(port) + "," + base + "/");
    properties.put("calsync.oauth.return-url", base + "/");
    properties.put("calsync.tokens.encryption.keys." + KEY_ID, KEY);
    properties.put("calsync.tokens.encryption.active-key-id", KEY_ID);
    // Quick retries keep the tests fast; the policy itself is what application.yml configures.
    properties.put("resilience4j.retry.instances.google-oauth.wait-duration", "50ms");
    return properties;
  }

  static String callback(int port) {
    return "http://localhost:" + port + "/oauth2/callback/google";
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
