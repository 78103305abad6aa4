package io.calsync.connector.commands;

import io.calsync.emulator.GoogleEmulator;
import io.calsync.testsupport.CalSyncTestInfrastructure;
import io.calsync.testsupport.PostgresDatabase;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * What a connector IT runs against besides the shared Kafka broker: the Google emulator, a token
 * service that vends access tokens obtained through the emulator's OAuth flow, a fresh PostgreSQL
 * database, and a recorder of the topics the connector publishes. An IT class holds one in a static
 * field, registers it in its {@code @DynamicPropertySource} and closes it in its {@code @AfterAll}.
 */
public final class ConnectorHarness implements AutoCloseable {

  private final GoogleEmulator google;
  private final TestTokenService tokenService;
  private PostgresDatabase database;
  private TopicRecorder recorder;

  private ConnectorHarness(String jwtSecret) {
    google = GoogleEmulator.start();
    tokenService = TestTokenService.start(google, jwtSecret);
  }

  /** Starts the emulator and a token service that accepts service JWTs signed with the secret. */
  public static ConnectorHarness start(String jwtSecret) {
    return new ConnectorHarness(jwtSecret);
  }

  public GoogleEmulator google() {
    return google;
  }

  public TestTokenService tokenService() {
    return tokenService;
  }

  /**
   * For {@code @DynamicPropertySource}: registers Kafka and a fresh database (see {@link
   * CalSyncTestInfrastructure#register}) and points the connector's Google and token-service
   * clients at the emulator and the token service.
   */
  public void register(DynamicPropertyRegistry registry, String databasePrefix) {
    database = CalSyncTestInfrastructure.register(registry, databasePrefix);
    registry.add("calsync.google.calendar-root-url", google::calendarRootUrl);
    registry.add("calsync.token-service.url", tokenService::url);
  }

  /** The database {@link #register} created. */
  public PostgresDatabase database() {
    return database;
  }

  /**
   * The recorder of {@code topics}, started on the first call. Call it once the application has
   * declared its topics (from a {@code @BeforeEach}), so that the recorder never auto-creates one.
   */
  public TopicRecorder recorder(String... topics) {
    if (recorder == null) {
      recorder = TopicRecorder.start(topics);
    }
    return recorder;
  }

  @Override
  public void close() throws InterruptedException {
    if (recorder != null) {
      recorder.close();
    }
    tokenService.close();
    google.close();
  }
}
