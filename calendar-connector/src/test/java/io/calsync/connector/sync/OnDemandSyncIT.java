package io.calsync.connector.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.calsync.connector.commands.ConnectorHarness;
import io.calsync.connector.commands.TestTokenService;
import io.calsync.connector.commands.TopicRecorder;
import io.calsync.connector.sync.SyncFixture.User;
import io.calsync.contracts.ContractMessage;
import io.calsync.contracts.Topics;
import io.calsync.contracts.calendar.EventChanged;
import io.calsync.contracts.calendar.SyncKind;
import io.calsync.contracts.connection.ConnectionRevoked;
import io.calsync.contracts.sync.FullResyncRequested;
import io.calsync.contracts.sync.SyncNowRequested;
import io.calsync.emulator.GoogleEmulator;
import io.calsync.emulator.push.Channel;
import io.calsync.testsupport.FreePorts;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Polls that do not wait for the interval (ten minutes here): push notifications through the
 * webhook, Sync Now and full resync requests on {@code sync.requests}.
 */
@SpringBootTest(
    webEnvironment = WebEnvironment.DEFINED_PORT,
    properties = {
      "calsync.security.jwt.secret=" + OnDemandSyncIT.SECRET,
      "spring.kafka.consumer.group-id=on-demand-sync-it",
      "calsync.sync.consumer-group=on-demand-sync-it-sync",
      "calsync.sync.poll-interval=10m",
    })
@DirtiesContext
class OnDemandSyncIT {

  static final String SECRET = "on-demand-sync-it-secret-of-at-least-32-bytes";

  /** Far below the poll interval. */
  private static final Duration PROMPTLY = Duration.ofSeconds(20);

  private static final int PORT = FreePorts.pick();
  private static final String WEBHOOK = "http://localhost:" + PORT + PushWebhookController.PATH;
  private static final ConnectorHarness harness = ConnectorHarness.start(SECRET);
  private static final GoogleEmulator google = harness.google();
  private static final TestTokenService tokenService = harness.tokenService();
  private static TopicRecorder recorder;
  private static SyncFixture fixture;

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    harness.register(registry, "connector_on_demand");
    registry.add("server.port", () -> PORT);
    registry.add("calsync.push.webhook-url", () -> WEBHOOK);
  }

  @BeforeEach
  void recordEventChanges() {
    recorder = harness.recorder(Topics.EVENT_CHANGES);
    fixture = new SyncFixture(harness, recorder);
  }

  @AfterAll
  static void stop() throws InterruptedException {
    harness.close();
  }

  @Autowired KafkaTemplate<Object, Object> kafka;
  @Autowired WebTestClient http;

  @Test
  void connectOpensAWatchChannel_andAGoogleEditArrivesWithoutWaitingForThePollInterval()
      throws Exception {
    User user = connectedAndSynced();
    Channel channel = awaitChannel(user);
    assertThat(channel.address()).isEqualTo(WEBHOOK);
    assertThat(channel.token()).isNotBlank();

    String eventId = fixture.createEvent(user, "Pushed").path("id").asText();
    fixture.awaitChange(user, eventId, c -> true, PROMPTLY);
    fixture.rename(user, eventId, "Pushed again");

    EventChanged edit =
        fixture.awaitChange(user, eventId, c -> "Pushed again".equals(c.summary()), PROMPTLY);
    assertThat(edit.syncKind()).isEqualTo(SyncKind.INCREMENTAL);
    assertThat(google.control().deliveries())
        .filteredOn(delivery -> delivery.channelId().equals(channel.id()))
        .extracting(delivery -> delivery.resourceState() + " " + delivery.status())
        .contains("sync 200", "exists 200");
  }

  @Test
  void webhookWithAWrongToken_isRejected_andTriggersNoPoll() throws Exception {
    User user = connectedAndSynced();
    Channel channel = awaitChannel(user);
    long listsBefore = google.callCount("events.list", user.account());

    notify(channel.id(), "not-the-channel-token", channel.resourceId()).expectStatus().isNotFound();
    notify(channel.id(), channel.token(), "another-resource").expectStatus().isNotFound();
    notify(UUID.randomUUID().toString(), channel.token(), channel.resourceId())
        .expectStatus()
        .isNotFound();

    Thread.sleep(2_000);
    assertThat(google.callCount("events.list", user.account())).isEqualTo(listsBefore);

    // The same call with the channel's token does make the connector list the calendar.
    notify(channel.id(), channel.token(), channel.resourceId()).expectStatus().isOk();
    await()
        .atMost(PROMPTLY)
        .until(() -> google.callCount("events.list", user.account()) > listsBefore);
  }

  @Test
  void syncNowRequest_pollsTheUserAtOnce() throws Exception {
    User user = connectedAndSynced();
    awaitChannel(user);
    // Without a live channel Google's notifications are refused: only Sync Now can trigger a poll.
    stopChannelsOf(user);
    String eventId = fixture.createEvent(user, "Found by Sync Now").path("id").asText();
    Thread.sleep(3_000);
    assertThat(fixture.changes(user, eventId)).as("no poll before Sync Now").isEmpty();

    send(new SyncNowRequested(UUID.randomUUID().toString(), user.userId(), user.userId(), now()));

    assertThat(fixture.awaitChange(user, eventId, c -> true, PROMPTLY).syncKind())
        .isEqualTo(SyncKind.INCREMENTAL);
  }

  @Test
  void fullResyncRequest_listsTheCalendarAgain_withTheSameEtags() throws Exception {
    User user = fixture.newUser();
    String eventId = fixture.createEvent(user, "Listed twice").path("id").asText();
    SyncFixture.announce(kafka, user);
    EventChanged first = fixture.awaitChange(user, eventId, c -> true, PROMPTLY);
    assertThat(first.syncKind()).isEqualTo(SyncKind.FULL);

    send(new FullResyncRequested(UUID.randomUUID().toString(), user.userId(), "admin:it", now()));

    await()
        .atMost(PROMPTLY)
        .untilAsserted(
            () ->
                assertThat(fixture.changes(user, eventId))
                    .hasSize(2)
                    .allSatisfy(
                        change -> {
                          assertThat(change.syncKind()).isEqualTo(SyncKind.FULL);
                          assertThat(change.etag()).isEqualTo(first.etag());
                        }));
  }

  @Test
  void revokedConnection_stopsTheChannelAtGoogle_andItsNotificationsAreRefused() throws Exception {
    User user = connectedAndSynced();
    Channel channel = awaitChannel(user);

    kafka
        .send(
            new ProducerRecord<>(
                Topics.CONNECTION_EVENTS,
                user.userId(),
                new ConnectionRevoked(user.userId(), now())))
        .get(10, TimeUnit.SECONDS);

    await()
        .atMost(PROMPTLY)
        .until(
            () ->
                google.control().channels().stream()
                    .noneMatch(candidate -> candidate.id().equals(channel.id())));
    assertThat(google.callCount("channels.stop", user.account())).isEqualTo(1);
    notify(channel.id(), channel.token(), channel.resourceId()).expectStatus().isNotFound();
  }

  private User connectedAndSynced() throws Exception {
    User user = fixture.newUser();
    SyncFixture.announce(kafka, user);
    fixture.awaitSyncToken(user);
    return user;
  }

  /** The user's channel as Google holds it, once the connector stored it too. */
  private Channel awaitChannel(User user) {
    Channel channel =
        await()
            .atMost(SyncFixture.PATIENCE)
            .until(
                () ->
                    google.control().channels().stream()
                        .filter(candidate -> candidate.account().equals(user.account()))
                        .findFirst()
                        .orElse(null),
                found -> found != null);
    await().atMost(SyncFixture.PATIENCE).until(() -> stored(channel.id()));
    return channel;
  }

  private boolean stored(String channelId) throws Exception {
    try (Connection connection = harness.database().connect();
        PreparedStatement statement =
            connection.prepareStatement(
                "SELECT count(*) FROM push_channel WHERE channel_id = ?::uuid")) {
      statement.setString(1, channelId);
      try (ResultSet rows = statement.executeQuery()) {
        return rows.next() && rows.getInt(1) == 1;
      }
    }
  }

  private WebTestClient.ResponseSpec notify(String channelId, String token, String resourceId) {
    return SyncFixture.notifyWebhook(http, channelId, token, resourceId);
  }

  private void stopChannelsOf(User user) throws Exception {
    try (Connection connection = harness.database().connect();
        PreparedStatement statement =
            connection.prepareStatement(
                "UPDATE push_channel SET stopped_at = now() WHERE user_id = ?")) {
      statement.setString(1, user.userId());
      assertThat(statement.executeUpdate()).isEqualTo(1);
    }
  }

  private void send(ContractMessage request) throws Exception {
    kafka
        .send(new ProducerRecord<>(Topics.SYNC_REQUESTS, request.userId(), request))
        .get(10, TimeUnit.SECONDS);
  }

  private static Instant now() {
    return Instant.now();
  }
}
