package io.calsync.connector.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.calsync.connector.commands.CommandMother;
import io.calsync.connector.commands.ConnectorHarness;
import io.calsync.connector.commands.TestTokenService;
import io.calsync.connector.commands.TopicRecorder;
import io.calsync.connector.erasure.UserErasure;
import io.calsync.connector.sync.SyncFixture.User;
import io.calsync.contracts.Topics;
import io.calsync.contracts.calendar.CalendarEventIds;
import io.calsync.contracts.calendar.CommandResult;
import io.calsync.contracts.calendar.UpsertEvent;
import io.calsync.contracts.cloudevents.CloudEventAttributes;
import io.calsync.emulator.GoogleEmulator;
import io.calsync.emulator.push.Channel;
import io.calsync.testsupport.FreePorts;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.http.MediaType;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * "Disconnect and erase my data" in the connector, against the emulator, real Kafka and PostgreSQL:
 * the Google clean-up token-service asks for before it revokes the grant (push channels stopped;
 * only the events CalSync created deleted), and the tombstone that erases every row of the user and
 * none of another user's, after which a command sent before the erase changes nothing.
 */
@SpringBootTest(
    webEnvironment = WebEnvironment.DEFINED_PORT,
    properties = {
      "calsync.security.jwt.secret=" + UserErasureIT.SECRET,
      "spring.kafka.consumer.group-id=connector-user-erasure-it",
      "calsync.sync.consumer-group=connector-user-erasure-it-sync",
      "calsync.sync.poll-interval=10m",
    })
@DirtiesContext
class UserErasureIT {

  static final String SECRET = "connector-user-erasure-it-secret-of-32-bytes";

  /**
   * Tables with a user column that {@link UserErasure} leaves alone, and why. Any other table with
   * a column named like {@code %user%} must be in {@link UserErasure#TABLES}.
   */
  private static final Map<String, String> NOT_ERASED =
      Map.of("erased_user", "the pseudonymous marker (SHA-256 of the user id, no id)");

  private static final Duration PROMPTLY = Duration.ofSeconds(30);
  private static final int PORT = FreePorts.pick();
  private static final String WEBHOOK = "http://localhost:" + PORT + PushWebhookController.PATH;
  private static final ConnectorHarness harness = ConnectorHarness.start(SECRET);
  private static final GoogleEmulator google = harness.google();
  private static final TestTokenService tokenService = harness.tokenService();
  private static TopicRecorder recorder;
  private static SyncFixture fixture;

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    harness.register(registry, "connector_user_erasure");
    registry.add("server.port", () -> PORT);
    registry.add("calsync.push.webhook-url", () -> WEBHOOK);
  }

  @BeforeEach
  void record() {
    // A user announced before the sync consumer has its partitions counts as replayed, not live,
    // and is first polled after the (ten-minute) interval.
    await()
        .atMost(SyncFixture.PATIENCE)
        .until(
            () -> {
              var container = listeners.getListenerContainer(SyncUserListener.ID);
              return container != null
                  && container.getAssignedPartitions() != null
                  && !container.getAssignedPartitions().isEmpty();
            });
    recorder = harness.recorder(Topics.EVENT_CHANGES, Topics.COMMAND_RESULTS);
    fixture = new SyncFixture(harness, recorder);
  }

  @AfterAll
  static void stop() throws InterruptedException {
    harness.close();
  }

  @Autowired KafkaTemplate<Object, Object> kafka;
  @Autowired WebTestClient http;
  @Autowired KafkaListenerEndpointRegistry listeners;

  @Test
  void googleCleanup_deletesOnlyTheEventsCalSyncCreated_andStopsThePushChannel() throws Exception {
    User user = connectedAndSynced();
    Channel channel = awaitChannel(user);
    String created = createdByCalSync(user, "task-" + UUID.randomUUID());
    String stamped = createdByTheUser(user, "Copied in Google", UUID.randomUUID().toString());
    String plain = createdByTheUser(user, "Dentist", null);

    cleanUp(user.userId(), "{\"deleteCreatedEvents\":true}", serviceToken())
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.createdEventsDeleted")
        .isEqualTo(1)
        .jsonPath("$.stampedEventsKept")
        .isEqualTo(1);

    assertThat(liveEventIds(user)).contains(stamped, plain).doesNotContain(created);
    assertThat(google.callCount("channels.stop", user.account())).isEqualTo(1);
    assertThat(google.control().channels()).noneMatch(c -> c.id().equals(channel.id()));
  }

  @Test
  void googleCleanup_withoutDeletion_keepsEveryEvent_andStopsThePushChannel() throws Exception {
    User user = connectedAndSynced();
    awaitChannel(user);
    String created = createdByCalSync(user, "task-" + UUID.randomUUID());

    cleanUp(user.userId(), "{\"deleteCreatedEvents\":false}", serviceToken())
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.createdEventsDeleted")
        .isEqualTo(0);

    assertThat(liveEventIds(user)).contains(created);
    assertThat(google.callCount("channels.stop", user.account())).isEqualTo(1);
  }

  @Test
  void googleCleanup_needsAServiceToken_andAConnection() throws Exception {
    User user = connectedAndSynced();
    String created = createdByCalSync(user, "task-" + UUID.randomUUID());
    String body = "{\"deleteCreatedEvents\":true}";

    cleanUp(user.userId(), body, null).expectStatus().isUnauthorized();
    cleanUp(user.userId(), body, userToken(user.userId())).expectStatus().isForbidden();
    cleanUp("never-connected-" + UUID.randomUUID(), body, serviceToken())
        .expectStatus()
        .isNotFound()
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    tokenService.lose(user.userId());
    cleanUp(user.userId(), body, serviceToken()).expectStatus().isEqualTo(409);
    tokenService.restore(user.userId());

    assertThat(liveEventIds(user)).contains(created);
  }

  @Test
  void aTombstone_erasesEveryRowOfTheUser_andNoneOfAnother_andLateCommandsChangeNothing()
      throws Exception {
    User a = withRowsInEveryTable();
    User b = withRowsInEveryTable();
    Map<String, Long> before = counts(b.userId());
    assertThat(counts(a.userId())).allSatisfy((table, rows) -> assertThat(rows).isPositive());

    Instant erasedAt = Instant.now();
    send(tombstone(a.userId(), erasedAt));

    await()
        .atMost(PROMPTLY)
        .untilAsserted(
            () ->
                assertThat(counts(a.userId()))
                    .allSatisfy((table, rows) -> assertThat(rows).as(table).isZero()));
    assertThat(counts(b.userId())).isEqualTo(before);

    // A command the orchestrator sent just before the erase, then one sent after a reconnect
    // (same partition, so handled in this order).
    tokenService.restore(a.userId());
    UpsertEvent late = upsertOf(a, "task-late");
    UpsertEvent afterReconnect = upsertOf(a, "task-after");
    send(record(Topics.CALENDAR_COMMANDS, a.userId(), late, erasedAt.minusSeconds(2)));
    send(record(Topics.CALENDAR_COMMANDS, a.userId(), afterReconnect, Instant.now()));

    await()
        .atMost(PROMPTLY)
        .until(() -> count("processed_message", "message_id", afterReconnect.commandId()) == 1);
    assertThat(count("processed_message", "message_id", late.commandId())).isZero();
    assertThat(liveEventIds(a)).contains(afterReconnect.eventId()).doesNotContain(late.eventId());
    assertThat(recorder.of(Topics.COMMAND_RESULTS, a.userId()))
        .noneMatch(r -> ((CommandResult) r.value()).commandId().equals(late.commandId()));
  }

  @Test
  void everyTableWithAUserColumn_isErasedOrAnExplicitException() throws Exception {
    Set<String> tables = new TreeSet<>();
    try (Connection connection = jdbc();
        PreparedStatement statement =
            connection.prepareStatement(
                "SELECT DISTINCT table_name FROM information_schema.columns"
                    + " WHERE table_schema = current_schema() AND column_name ILIKE '%user%'");
        ResultSet rows = statement.executeQuery()) {
      while (rows.next()) {
        tables.add(rows.getString(1));
      }
    }
    Set<String> covered = new TreeSet<>(UserErasure.TABLES);
    covered.addAll(NOT_ERASED.keySet());
    assertThat(covered).as("tables that hold user rows").containsAll(tables);
    assertThat(tables).as("the lists name no table that does not exist").containsAll(covered);
  }

  /**
   * A user with a sync token, a push channel, an executed command and, after the grant was lost, a
   * parked one.
   */
  private User withRowsInEveryTable() throws Exception {
    User user = connectedAndSynced();
    awaitChannel(user);
    createdByCalSync(user, "task-" + UUID.randomUUID());
    // The grant is lost; Google refuses the cached access token, the refresh answers 409.
    tokenService.lose(user.userId());
    google.control().expireAccessTokens(user.account());
    send(record(Topics.CALENDAR_COMMANDS, user.userId(), upsertOf(user, "parked"), Instant.now()));
    await().atMost(PROMPTLY).until(() -> count("parked_command", "user_id", user.userId()) == 1);
    return user;
  }

  private User connectedAndSynced() throws Exception {
    User user = fixture.newUser();
    SyncFixture.announce(kafka, user);
    fixture.awaitSyncToken(user);
    return user;
  }

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
    await()
        .atMost(SyncFixture.PATIENCE)
        .until(() -> count("push_channel", "channel_id::text", channel.id()) == 1);
    return channel;
  }

  /** An event written the way CalSync writes one: an UpsertEvent with the derived id. */
  private String createdByCalSync(User user, String taskId) throws Exception {
    UpsertEvent upsert = upsertOf(user, taskId);
    send(record(Topics.CALENDAR_COMMANDS, user.userId(), upsert, Instant.now()));
    await().atMost(PROMPTLY).until(() -> liveEventIds(user).contains(upsert.eventId()));
    return upsert.eventId();
  }

  private static UpsertEvent upsertOf(User user, String taskId) {
    return CommandMother.upsert(user.userId(), taskId, CalendarEventIds.of(user.userId(), taskId));
  }

  /** An event the user made in Google, optionally carrying a {@code calsyncTaskId} of its own. */
  private String createdByTheUser(User user, String summary, String calsyncTaskId) {
    Instant start = Instant.now().plus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MINUTES);
    ObjectNode event = JsonNodeFactory.instance.objectNode();
    event.put("summary", summary);
    event.putObject("start").put("dateTime", start.toString());
    event.putObject("end").put("dateTime", start.plus(30, ChronoUnit.MINUTES).toString());
    if (calsyncTaskId != null) {
      event
          .putObject("extendedProperties")
          .putObject("private")
          .put(UpsertEvent.TASK_ID_PROPERTY, calsyncTaskId);
    }
    return google.control().createEvent(user.account(), event).path("id").asText();
  }

  private List<String> liveEventIds(User user) {
    List<String> ids = new ArrayList<>();
    for (ObjectNode event : google.control().events(user.account())) {
      if (!"cancelled".equals(event.path("status").asText())) {
        ids.add(event.path("id").asText());
      }
    }
    return ids;
  }

  private WebTestClient.ResponseSpec cleanUp(String userId, String body, String bearer) {
    return http.post()
        .uri("/internal/v1/users/{userId}/google-cleanups", userId)
        .headers(
            headers -> {
              if (bearer != null) {
                headers.setBearerAuth(bearer);
              }
            })
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(body)
        .exchange();
  }

  private static String serviceToken() throws Exception {
    return jwt("token-service", List.of("SERVICE"));
  }

  private static String userToken(String userId) throws Exception {
    return jwt(userId, List.of());
  }

  private static String jwt(String subject, List<String> roles) throws Exception {
    Instant now = Instant.now();
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader(JWSAlgorithm.HS256),
            new JWTClaimsSet.Builder()
                .subject(subject)
                .claim("roles", roles)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300)))
                .build());
    jwt.sign(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)));
    return jwt.serialize();
  }

  private static ProducerRecord<Object, Object> tombstone(String userId, Instant erasedAt) {
    ProducerRecord<Object, Object> record =
        new ProducerRecord<>(Topics.CONNECTION_EVENTS, userId, null);
    CloudEventAttributes.withId(UUID.randomUUID().toString())
        .time(erasedAt)
        .applyTo(record.headers());
    return record;
  }

  private static ProducerRecord<Object, Object> record(
      String topic, String userId, Object body, Instant producedAt) {
    ProducerRecord<Object, Object> record = new ProducerRecord<>(topic, userId, body);
    CloudEventAttributes.withId(UUID.randomUUID().toString())
        .time(producedAt)
        .applyTo(record.headers());
    return record;
  }

  private void send(ProducerRecord<Object, Object> record) throws Exception {
    kafka.send(record).get(10, TimeUnit.SECONDS);
  }

  private static Map<String, Long> counts(String userId) throws Exception {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (String table : UserErasure.TABLES) {
      counts.put(table, count(table, "user_id", userId));
    }
    return counts;
  }

  private static long count(String table, String column, String value) throws Exception {
    try (Connection connection = jdbc();
        PreparedStatement statement =
            connection.prepareStatement(
                "SELECT count(*) FROM " + table + " WHERE " + column + " = ?")) {
      statement.setString(1, value);
      try (ResultSet rows = statement.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }

  private static Connection jdbc() throws Exception {
    return harness.database().connect();
  }
}
