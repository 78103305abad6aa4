package io.calsync.orchestrator.erasure;

import static io.calsync.orchestrator.fixture.OrchestratorFixture.PROCESSED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.calsync.contracts.ContractMessage;
import io.calsync.contracts.Topics;
import io.calsync.contracts.calendar.CommandApplied;
import io.calsync.contracts.calendar.CommandResult;
import io.calsync.contracts.calendar.EventChanged;
import io.calsync.contracts.calendar.SyncKind;
import io.calsync.contracts.calendar.UpsertEvent;
import io.calsync.contracts.cloudevents.CloudEventAttributes;
import io.calsync.contracts.connection.SyncMode;
import io.calsync.contracts.task.CreateTaskFromEvent;
import io.calsync.contracts.task.TaskEvent;
import io.calsync.orchestrator.fixture.ConnectionMother;
import io.calsync.orchestrator.fixture.EventChangeMother;
import io.calsync.orchestrator.fixture.OrchestratorFixture;
import io.calsync.orchestrator.fixture.TaskEventMother;
import io.calsync.platform.erasure.ErasedUsers;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.http.HttpHeaders;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * "Disconnect and erase my data" in the orchestrator, through real Kafka and PostgreSQL: a
 * tombstone on {@code sync.connection-events} deletes every row of the user and none of another
 * user, and records about the user produced before the erase recreate nothing.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@DirtiesContext
class UserErasureIT {

  /**
   * Tables with a user column that {@link UserErasure} deliberately leaves alone, and why. Anything
   * else with a column named like {@code %user%} must be in {@link UserErasure#TABLES}.
   */
  private static final Map<String, String> NOT_ERASED =
      Map.of(
          "erased_user",
          "the pseudonymous marker (SHA-256 of the user id, no id) that makes late records harmless");

  private static final OrchestratorFixture fixture =
      new OrchestratorFixture("/calsync/user-erasure-it");

  @Autowired MeterRegistry meters;
  @Autowired WebTestClient http;

  @Value("${calsync.security.jwt.secret}")
  String jwtSecret;

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    fixture.register(registry, "user-erasure-it");
  }

  @AfterAll
  static void closeClients() {
    fixture.close();
  }

  @Test
  void aTombstone_erasesEveryRowOfTheUser_andNoneOfAnother() throws Exception {
    Synced a = syncedUser();
    Synced b = syncedUser();
    Map<String, Long> before = counts(b.userId);
    assertThat(counts(a.userId)).allSatisfy((table, rows) -> assertThat(rows).isPositive());
    assertThat(before).allSatisfy((table, rows) -> assertThat(rows).isPositive());

    // The history API names the task by its latest title (for the settings page).
    assertThat(history(a.userId))
        .anySatisfy(entry -> assertThat(entry).containsEntry("taskTitle", a.task.title));

    Instant erasedAt = Instant.now();
    tombstone(a.userId, erasedAt);

    await()
        .atMost(PROCESSED)
        .untilAsserted(
            () ->
                assertThat(counts(a.userId))
                    .allSatisfy((table, rows) -> assertThat(rows).as(table).isZero()));
    assertThat(counts(b.userId)).isEqualTo(before);
    assertThat(history(a.userId)).isEmpty();
    assertThat(history(b.userId)).isNotEmpty();
    assertThat(
            fixture.count(
                "SELECT count(*) FROM erased_user WHERE user_hash = ?", ErasedUsers.hash(a.userId)))
        .isEqualTo(1);
    assertThat(fixture.count("SELECT count(*) FROM erased_user WHERE user_hash = ?", a.userId))
        .as("the marker never holds the user id")
        .isZero();
  }

  @Test
  void recordsProducedBeforeTheErase_recreateNothing_untilTheUserConnectsAgain() throws Exception {
    Synced a = syncedUser();
    Instant erasedAt = Instant.now();
    tombstone(a.userId, erasedAt);
    await()
        .atMost(PROCESSED)
        .until(() -> fixture.count("SELECT count(*) FROM link WHERE user_id = ?", a.userId) == 0);
    double dropped = dropped();

    // In flight when the user erased: a task change relayed late, the connector's last listing
    // and the result of the last write (both stamped after the erase: clocks and relays vary).
    publishAt(a.task.titled("Changed before the erase").next().updated(), erasedAt.minusSeconds(5));
    publishAt(
        EventChangeMother.tomorrowAt(15, 0).of(a.userId).titled("Listed late").changed(),
        Instant.now());
    publishAt(applied(a.upsert), Instant.now());
    // And a redelivered connect from before the erase.
    publishAt(
        ConnectionMother.connectedEvent(a.userId, ConnectionMother.settings(SyncMode.TWO_WAY)),
        erasedAt.minus(1, ChronoUnit.MINUTES));

    await().atMost(PROCESSED).until(() -> dropped() >= dropped + 4);
    assertThat(counts(a.userId)).allSatisfy((table, rows) -> assertThat(rows).as(table).isZero());
    // The two from before the erase: the create and the unlink.
    assertThat(fixture.taskCommands(a.userId)).hasSize(2);

    // A new connect after the erase starts over: events become tasks again.
    fixture.connect(a.userId, SyncMode.TWO_WAY);
    EventChangeMother.Event fresh = EventChangeMother.tomorrowAt(16, 0).of(a.userId);
    fixture.awaitProcessed(fixture.publish(fresh.changed()));
    assertThat(fixture.taskCommands(a.userId))
        .hasSize(3)
        .last()
        .isInstanceOfSatisfying(
            CreateTaskFromEvent.class,
            create -> assertThat(create.eventId()).isEqualTo(fresh.eventId));
    assertThat(
            fixture.count(
                "SELECT count(*) FROM erased_user WHERE user_hash = ?", ErasedUsers.hash(a.userId)))
        .isZero();
  }

  @Test
  void everyTableWithAUserColumn_isErasedOrAnExplicitException() throws Exception {
    Set<String> tables = new TreeSet<>(fixture.tablesWithColumnsLike("%user%"));
    Set<String> covered = new TreeSet<>(UserErasure.TABLES);
    covered.addAll(NOT_ERASED.keySet());
    assertThat(covered).as("tables that hold user rows").containsAll(tables);
    assertThat(tables).as("the lists name no table that does not exist").containsAll(covered);
  }

  /** A user with a row in every table: connected, a task pushed and applied, an event listed. */
  private Synced syncedUser() throws Exception {
    TaskEventMother.Task task = TaskEventMother.dueTomorrowAt(9, 30);
    fixture.connect(task.userId, SyncMode.TWO_WAY);
    fixture.awaitProcessed(fixture.publish(task.created()));
    UpsertEvent upsert =
        (UpsertEvent) fixture.awaitCalendarCommands(task.userId, task.taskId, 1).get(0);
    fixture.awaitProcessed(fixture.publish(applied(upsert)));
    EventChangeMother.Event event = EventChangeMother.tomorrowAt(11, 0).of(task.userId);
    fixture.awaitProcessed(fixture.publish(event.changed()));
    await().atMost(PROCESSED).until(() -> fixture.taskCommands(task.userId).size() == 1);
    // The task's event deleted in Google: a deletion through the mass-deletion guard, applied
    // once it settled (a held_deletion row, and the unlink command).
    fixture.awaitProcessed(
        fixture.publish(
            EventChanged.cancelled(
                task.userId, upsert.calendarId(), upsert.eventId(), SyncKind.INCREMENTAL)));
    await()
        .atMost(PROCESSED)
        .until(
            () ->
                fixture.count(
                            "SELECT count(*) FROM held_deletion WHERE user_id = ?"
                                + " AND state = 'APPLIED'",
                            task.userId)
                        == 1
                    && fixture.taskCommands(task.userId).size() == 2);
    return new Synced(task.userId, task, upsert);
  }

  private record Synced(String userId, TaskEventMother.Task task, UpsertEvent upsert) {}

  private static CommandApplied applied(UpsertEvent upsert) {
    return new CommandApplied(
        upsert.commandId(),
        upsert.userId(),
        upsert.taskId(),
        upsert.eventId(),
        "\"etag-" + UUID.randomUUID() + "\"",
        Instant.now(),
        CommandApplied.Action.CREATED);
  }

  /** The tombstone token-service publishes: null value, key = user id, {@code ce_time}. */
  private static void tombstone(String userId, Instant erasedAt) throws Exception {
    ProducerRecord<String, Object> record =
        new ProducerRecord<>(Topics.CONNECTION_EVENTS, userId, null);
    CloudEventAttributes.withId(UUID.randomUUID().toString())
        .time(erasedAt)
        .applyTo(record.headers());
    fixture.send(record);
  }

  private static void publishAt(ContractMessage body, Instant producedAt) throws Exception {
    ProducerRecord<String, Object> record =
        new ProducerRecord<>(topicOf(body), body.userId(), body);
    CloudEventAttributes.withId(UUID.randomUUID().toString())
        .time(producedAt)
        .applyTo(record.headers());
    fixture.send(record);
  }

  private static String topicOf(ContractMessage body) {
    if (body instanceof TaskEvent) {
      return Topics.TASK_EVENTS;
    }
    if (body instanceof EventChanged) {
      return Topics.EVENT_CHANGES;
    }
    return body instanceof CommandResult ? Topics.COMMAND_RESULTS : Topics.CONNECTION_EVENTS;
  }

  @SuppressWarnings("rawtypes")
  private List<Map> history(String userId) throws Exception {
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader(JWSAlgorithm.HS256),
            new JWTClaimsSet.Builder()
                .subject(userId)
                .issueTime(new Date())
                .expirationTime(Date.from(Instant.now().plusSeconds(600)))
                .build());
    jwt.sign(new MACSigner(jwtSecret.getBytes(StandardCharsets.UTF_8)));
    return http.get()
        .uri("/api/v1/sync/history")
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + jwt.serialize())
        .exchange()
        .expectStatus()
        .isOk()
        .expectBodyList(Map.class)
        .returnResult()
        .getResponseBody();
  }

  private double dropped() {
    return meters.find(UserErasure.DROPPED_METRIC).counters().stream()
        .mapToDouble(counter -> counter.count())
        .sum();
  }

  private static Map<String, Long> counts(String userId) throws SQLException {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (String table : UserErasure.TABLES) {
      counts.put(
          table, fixture.count("SELECT count(*) FROM " + table + " WHERE user_id = ?", userId));
    }
    return counts;
  }
}
