package io.calsync.token;

import io.calsync.emulator.GoogleEmulator;
import io.calsync.testsupport.PostgresDatabase;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.reactive.AutoConfigureWebTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * One token-service, wired to one emulated Google, shared by the test classes that extend this: the
 * inherited property source makes Spring reuse the context, so the service starts once. The
 * emulator lives as long as the test JVM. Each test uses its own user ids.
 */
@SpringBootTest(webEnvironment = WebEnvironment.DEFINED_PORT)
// The build machine is shared; the first requests of a fresh context can be slow.
@AutoConfigureWebTestClient(timeout = "30s")
abstract class TokenServiceWithGoogleIT {

  static GoogleEmulator google;
  static PostgresDatabase database;
  static int port;
  static TestConnector connector;
  static TestCrm crm;

  @DynamicPropertySource
  static void wiring(DynamicPropertyRegistry registry) {
    google = TestGoogle.startEmulator();
    port = TestGoogle.freePort();
    database = TestGoogle.register(registry, google, port);
    registry.add("calsync.dev.sign-in.enabled", () -> "true");
    connector = TestConnector.start();
    registry.add("calsync.connector.url", connector::url);
    // The CRM whose pages may frame the settings page and hand it the user's token.
    crm = TestCrm.start();
    registry.add("calsync.settings-page.embedder-origins", crm::origin);
    // Nothing listens there: the page must say that there is no history yet.
    registry.add(
        "calsync.settings-page.history-url", () -> "http://localhost:1/api/v1/sync/history");
  }

  @Autowired WebTestClient http;
}
