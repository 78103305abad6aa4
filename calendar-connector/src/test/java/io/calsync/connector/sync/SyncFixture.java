package io.calsync.connector.sync;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.calsync.connector.commands.ConnectorHarness;
import io.calsync.connector.commands.TestTokenService;
import io.calsync.connector.commands.TopicRecorder;
import io.calsync.contracts.Topics;
import io.calsync.contracts.calendar.EventChanged;
import io.calsync.contracts.connection.ConnectionConnected;
import io.calsync.contracts.connection.SyncSettings;
import io.calsync.emulator.GoogleEmulator;
import io.calsync.testsupport.PostgresDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Users, Google edits and read-side observations shared by the sync ITs. */
final class SyncFixture {

  static final Duration PATIENCE = Duration.ofSeconds(40);

  /** A CRM user connected to an emulator account of their own. */
  record User(String userId, String account) {}

  private final GoogleEmulator google;
  private final TestTokenService tokenService;
  private final PostgresDatabase database;
  private final TopicRecorder recorder;

  SyncFixture(
      GoogleEmulator google,
      TestTokenService tokenService,
      PostgresDatabase database,
      TopicRecorder recorder) {
    this.google = google;
    this.tokenService = tokenService;
    this.database = database;
    this.recorder = recorder;
  }

  /** The fixture of an IT that runs against {@code harness} and its registered database. */
  SyncFixture(ConnectorHarness harness, TopicRecorder recorder) {
    this(harness.google(), harness.tokenService(), harness.database(), recorder);
  }

  /** A user with an account and a grant at the token service, not yet announced on Kafka. */
  User newUser() throws Exception {
    return newUser("crm-" + UUID.randomUUID().toString().substring(0, 8));
  }

  User newUser(String userId) throws Exception {
    String local = "g" + UUID.randomUUID().toString().substring(0, 8);
    User user = new User(userId, local + "@example.com");
    google.addAccount(user.account());
    tokenService.connect(user.userId(), user.account());
    return user;
  }

  /** Announces the connection as token-service does, on {@code sync.connection-events}. */
  static void announce(KafkaTemplate<Object, Object> kafka, User user) throws Exception {
    ConnectionConnected connected =
        new ConnectionConnected(
            user.userId(),
            user.account(),
            List.of(TestTokenService.CALENDAR_SCOPE),
            SyncSettings.defaults(),
            Instant.now());
    kafka
        .send(new ProducerRecord<>(Topics.CONNECTION_EVENTS, user.userId(), connected))
        .get(10, TimeUnit.SECONDS);
  }

  /** Creates an event in the user's calendar as the user would in Google's UI. */
  ObjectNode createEvent(User user, String summary) {
    Instant start = Instant.now().plus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MINUTES);
    ObjectNode event = JsonNodeFactory.instance.objectNode();
    event.put("summary", summary);
    event.putObject("start").put("dateTime", start.toString());
    event.putObject("end").put("dateTime", start.plus(30, ChronoUnit.MINUTES).toString());
    return google.control().createEvent(user.account(), event);
  }

  ObjectNode rename(User user, String eventId, String summary) {
    ObjectNode patch = JsonNodeFactory.instance.objectNode();
    patch.put("summary", summary);
    return google.control().patchEvent(user.account(), eventId, patch);
  }

  /** Every EventChanged published for the user's event so far. */
  List<EventChanged> changes(User user, String eventId) {
    return recorder.of(Topics.EVENT_CHANGES, user.userId()).stream()
        .map(record -> (EventChanged) record.value())
        .filter(change -> change.eventId().equals(eventId))
        .toList();
  }

  /** Waits for a change of the event that satisfies {@code condition}. */
  EventChanged awaitChange(User user, String eventId, Predicate<EventChanged> condition) {
    return awaitChange(user, eventId, condition, PATIENCE);
  }

  EventChanged awaitChange(
      User user, String eventId, Predicate<EventChanged> condition, Duration within) {
    return await()
        .atMost(within)
        .until(
            () -> changes(user, eventId).stream().filter(condition).findFirst().orElse(null),
            change -> change != null);
  }

  /** The stored sync token of the user's primary calendar, or null. */
  String syncToken(User user) throws Exception {
    return state(user, "sync_token", String.class);
  }

  /** When the user's calendar was last listed incrementally, or null. */
  Instant lastIncrementalSync(User user) throws Exception {
    Timestamp stamp = state(user, "last_incremental_sync_at", Timestamp.class);
    return stamp == null ? null : stamp.toInstant();
  }

  String awaitSyncToken(User user) {
    return await().atMost(PATIENCE).until(() -> syncToken(user), token -> token != null);
  }

  /** Waits for an incremental listing that started after {@code instant}. */
  void awaitIncrementalSyncAfter(User user, Instant instant) {
    await()
        .atMost(PATIENCE)
        .until(
            () -> {
              Instant last = lastIncrementalSync(user);
              return last != null && last.isAfter(instant);
            });
  }

  private <T> T state(User user, String column, Class<T> type) throws Exception {
    try (Connection connection = database.connect();
        PreparedStatement statement =
            connection.prepareStatement(
                "SELECT "
                    + column
                    + " FROM calendar_sync_state WHERE user_id = ? AND calendar_id = 'primary'")) {
      statement.setString(1, user.userId());
      try (ResultSet rows = statement.executeQuery()) {
        return rows.next() ? rows.getObject(1, type) : null;
      }
    }
  }

  /** A push notification as Google delivers it to the connector's webhook. */
  static WebTestClient.ResponseSpec notifyWebhook(
      WebTestClient http, String channelId, String token, String resourceId) {
    return http.post()
        .uri(PushWebhookController.PATH)
        .header("X-Goog-Channel-ID", channelId)
        .header("X-Goog-Channel-Token", token)
        .header("X-Goog-Resource-ID", resourceId)
        .header("X-Goog-Resource-State", "exists")
        .header("X-Goog-Message-Number", "99")
        .exchange();
  }
}
