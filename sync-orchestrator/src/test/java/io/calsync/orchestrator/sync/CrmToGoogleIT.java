package io.calsync.orchestrator.sync;

import static io.calsync.orchestrator.sync.ConnectionMother.OWNER_EMAIL;
import static io.calsync.orchestrator.sync.TaskEventMother.dueOnAt;
import static io.calsync.orchestrator.sync.TaskEventMother.dueTomorrowAt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.calsync.contracts.ContractMessage;
import io.calsync.contracts.Topics;
import io.calsync.contracts.calendar.CalendarCommand;
import io.calsync.contracts.calendar.CommandApplied;
import io.calsync.contracts.calendar.CommandFailed;
import io.calsync.contracts.calendar.DeleteEvent;
import io.calsync.contracts.calendar.EventChanged;
import io.calsync.contracts.calendar.EventTime;
import io.calsync.contracts.calendar.SendUpdates;
import io.calsync.contracts.calendar.SyncKind;
import io.calsync.contracts.calendar.UpsertEvent;
import io.calsync.contracts.cloudevents.CloudEventAttributes;
import io.calsync.contracts.cloudevents.CloudEventDeserializer;
import io.calsync.contracts.cloudevents.CloudEventHeaders;
import io.calsync.contracts.cloudevents.CloudEventSerializer;
import io.calsync.contracts.connection.ConnectionLost;
import io.calsync.contracts.connection.ConnectionRevoked;
import io.calsync.contracts.connection.SyncMode;
import io.calsync.contracts.connection.SyncSettingsChanged;
import io.calsync.contracts.task.TaskCreated;
import io.calsync.contracts.task.TaskEvent;
import io.calsync.testsupport.CalSyncTestInfrastructure;
import io.calsync.testsupport.PostgresDatabase;
import io.calsync.testsupport.SharedKafka;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.http.HttpHeaders;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * CRM → Google through real Kafka and PostgreSQL: records are published the way any CRM service
 * would (contract serializer, plain producer) and the commands are read from {@code
 * calendar.commands} as the connector would read them.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
// Closed after the class: a context left running would keep consuming the shared topics and, with
// its own database, answer the next class's records a second time.
@DirtiesContext
class CrmToGoogleIT {

  private static final Duration PROCESSED = Duration.ofSeconds(30);

  private static PostgresDatabase database;
  private static KafkaProducer<String, Object> crm;
  private static KafkaConsumer<String, ContractMessage> commandReader;
  private static final Map<String, List<ConsumerRecord<String, ContractMessage>>> COMMANDS =
      new ConcurrentHashMap<>();

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    database = CalSyncTestInfrastructure.register(registry, "orchestrator");
    // Its own group: another test context of this JVM must not take partitions from this one.
    registry.add("spring.kafka.consumer.group-id", () -> "crm-to-google-it-" + UUID.randomUUID());
  }

  @Autowired WebTestClient http;
  @Autowired MeterRegistry meters;

  @Value("${calsync.security.jwt.secret}")
  String jwtSecret;

  @AfterAll
  static void closeClients() {
    if (crm != null) {
      crm.close();
    }
    if (commandReader != null) {
      commandReader.close();
    }
  }

  @Test
  void sendsOneUpsert_forATaskCreatedByAnyCrmService() throws Exception {
    TaskEventMother.Task task =
        dueOnAt(LocalDate.of(2026, 12, 1), 9, 30).assignedTo("bob@example.com");
    connect(task.userId, SyncMode.TWO_WAY);
    double sentBefore = decisions("COMMAND_SENT");

    String messageId = publish(task.created());
    markerProcessed(task.userId);

    List<CalendarCommand> commands = commandsFor(task.userId, task.taskId);
    assertThat(commands).hasSize(1);
    UpsertEvent upsert = (UpsertEvent) commands.get(0);
    assertThat(upsert.commandId())
        .isEqualTo(CommandIds.of(messageId, task.taskId, CommandKind.UPSERT_EVENT));
    assertThat(upsert.calendarId()).isEqualTo(OWNER_EMAIL);
    assertThat(upsert.eventId()).isEqualTo(EventIds.of(task.userId, task.taskId));
    assertThat(upsert.expectedEtag()).isNull();
    assertThat(upsert.sendUpdates()).isEqualTo(SendUpdates.NONE);
    assertThat(upsert.summary()).isEqualTo(task.title);
    assertThat(upsert.description()).isEqualTo(task.description);
    assertThat(upsert.start())
        .isEqualTo(
            EventTime.ofDateTime(
                OffsetDateTime.parse("2026-12-01T09:30+01:00"), TaskEventMother.ZONE));
    assertThat(upsert.end())
        .isEqualTo(
            EventTime.ofDateTime(
                OffsetDateTime.parse("2026-12-01T10:00+01:00"), TaskEventMother.ZONE));
    assertThat(upsert.attendees()).containsExactly("bob@example.com");
    assertThat(upsert.privateExtendedProperties())
        .containsEntry(UpsertEvent.TASK_ID_PROPERTY, task.taskId);
    assertThat(commandRecordsFor(task.userId).get(0).headers().lastHeader(CloudEventHeaders.ID))
        .isNotNull()
        .satisfies(
            header ->
                assertThat(new String(header.value(), StandardCharsets.UTF_8))
                    .isEqualTo(upsert.commandId()));
    assertThat(history(task.userId, task.taskId))
        .extracting(row -> row.get("action") + "/" + row.get("outcome"))
        .containsExactly("UPSERT_EVENT/COMMAND_SENT");
    assertThat(decisions("COMMAND_SENT")).isGreaterThan(sentBefore);
  }

  @Test
  void updatesWithTheEtagOfTheAppliedCommand_andDeletesTheEventOfADeletedTask() throws Exception {
    TaskEventMother.Task task = dueTomorrowAt(9, 30);
    connect(task.userId, SyncMode.CRM_TO_GOOGLE);
    publish(task.created());
    UpsertEvent created = (UpsertEvent) awaitCommands(task.userId, task.taskId, 1).get(0);

    Instant updated = Instant.parse("2026-11-27T10:00:01.500Z");
    publish(
        new CommandApplied(
            created.commandId(),
            task.userId,
            task.taskId,
            created.eventId(),
            "\"etag-1\"",
            updated,
            CommandApplied.Action.CREATED));
    await()
        .atMost(PROCESSED)
        .untilAsserted(
            () ->
                assertThat(linkColumn(task.userId, task.taskId, "event_etag"))
                    .isEqualTo("\"etag-1\""));
    JsonNode snapshot =
        new ObjectMapper().readTree(linkColumn(task.userId, task.taskId, "event_snapshot"));
    assertThat(snapshot.path("summary").asText()).isEqualTo(task.title);
    assertThat(snapshot.path("etag").asText()).isEqualTo("\"etag-1\"");
    assertThat(snapshot.path("updated").asText()).isEqualTo("2026-11-27T10:00:01.500Z");

    publish(task.titled("Call Acme (moved)").next().updated());
    UpsertEvent update = (UpsertEvent) awaitCommands(task.userId, task.taskId, 2).get(1);
    assertThat(update.expectedEtag()).isEqualTo("\"etag-1\"");
    assertThat(update.eventId()).isEqualTo(created.eventId());
    assertThat(update.summary()).isEqualTo("Call Acme (moved)");

    publish(task.next().deleted());
    CalendarCommand deletion = awaitCommands(task.userId, task.taskId, 3).get(2);
    assertThat(deletion).isInstanceOf(DeleteEvent.class);
    assertThat(deletion.eventId()).isEqualTo(created.eventId());
    assertThat(deletion.calendarId()).isEqualTo(OWNER_EMAIL);
    assertThat(linkColumn(task.userId, task.taskId, "state")).isEqualTo("DELETED");
  }

  @Test
  void hasOneEffect_perTaskVersion_underDuplicatesAndReordering_oneWriteInFlight()
      throws Exception {
    TaskEventMother.Task task = dueTomorrowAt(9, 30);
    connect(task.userId, SyncMode.TWO_WAY);
    TaskCreated first = task.created();
    String firstId = UUID.randomUUID().toString();
    TaskEvent second = task.titled("Second title").next().updated();

    // The same record delivered three times (a producer retry, a redelivery after a rebalance).
    publish(first, firstId);
    publish(first, firstId);
    publish(first, firstId);
    publish(second);
    // Version 2 again under a new ce_id (a producer without an outbox), then the stale version 1.
    publish(second);
    publish(first);
    markerProcessed(task.userId);

    // Version 2 waits while the insert of version 1 is in flight (an unconditional write could
    // restore an event deleted in Google meanwhile), and follows with the etag once it is applied.
    List<CalendarCommand> commands = commandsFor(task.userId, task.taskId);
    assertThat(commands).hasSize(1);
    publish(
        new CommandApplied(
            commands.get(0).commandId(),
            task.userId,
            task.taskId,
            commands.get(0).eventId(),
            "\"etag-1\"",
            Instant.parse("2026-11-27T10:00:30Z"),
            CommandApplied.Action.CREATED));
    commands = awaitCommands(task.userId, task.taskId, 2);
    assertThat(commands).hasSize(2);
    assertThat(commands)
        .extracting(command -> ((UpsertEvent) command).summary())
        .containsExactly(first.title(), "Second title");
    assertThat(((UpsertEvent) commands.get(1)).expectedEtag()).isEqualTo("\"etag-1\"");
    assertThat(countRows("SELECT count(*) FROM processed_message WHERE message_id = ?", firstId))
        .isEqualTo(1);
    assertThat(decisions("IGNORED")).isGreaterThanOrEqualTo(3);
  }

  @Test
  void sendsNothingButRecordsWhy_whenTheUserDoesNotWriteToGoogle() throws Exception {
    TaskEventMother.Task googleToCrm = dueTomorrowAt(9, 30);
    TaskEventMother.Task paused = dueTomorrowAt(9, 30);
    TaskEventMother.Task notConnected = dueTomorrowAt(9, 30);
    connect(googleToCrm.userId, SyncMode.GOOGLE_TO_CRM);
    connect(paused.userId, SyncMode.PAUSED);

    for (TaskEventMother.Task task : List.of(googleToCrm, paused, notConnected)) {
      publish(task.created());
    }

    Map<TaskEventMother.Task, String> expected = new HashMap<>();
    expected.put(googleToCrm, "MODE_GOOGLE_TO_CRM");
    expected.put(paused, "MODE_PAUSED");
    expected.put(notConnected, "NOT_CONNECTED");
    for (var entry : expected.entrySet()) {
      TaskEventMother.Task task = entry.getKey();
      await()
          .atMost(PROCESSED)
          .untilAsserted(
              () ->
                  assertThat(history(task.userId, task.taskId))
                      .singleElement()
                      .satisfies(
                          row -> {
                            assertThat(row.get("action")).isEqualTo("NONE");
                            assertThat(row.get("outcome")).isEqualTo("SKIPPED");
                            assertThat(row.get("detail")).contains(entry.getValue());
                            assertThat(row.get("reason")).isNotBlank();
                          }));
      // The history row commits after any command would have been acknowledged.
      assertThat(commandsFor(task.userId, task.taskId)).isEmpty();
    }
  }

  @Test
  void pushesTheTasksNotYetInGoogle_whenThePausedUserResumes() throws Exception {
    TaskEventMother.Task task = dueTomorrowAt(9, 30);
    connect(task.userId, SyncMode.PAUSED);
    publish(task.created());
    await()
        .atMost(PROCESSED)
        .untilAsserted(() -> assertThat(history(task.userId, task.taskId)).hasSize(1));
    assertThat(commandsFor(task.userId, task.taskId)).isEmpty();

    String resumeId =
        publish(
            new SyncSettingsChanged(
                task.userId,
                ConnectionMother.settings(SyncMode.TWO_WAY),
                true,
                Instant.parse("2026-11-27T10:05:00Z")));

    UpsertEvent upsert = (UpsertEvent) awaitCommands(task.userId, task.taskId, 1).get(0);
    assertThat(upsert.commandId())
        .isEqualTo(CommandIds.of(resumeId, task.taskId, CommandKind.UPSERT_EVENT));
    assertThat(upsert.summary()).isEqualTo(task.title);
    await()
        .atMost(PROCESSED)
        .untilAsserted(
            () ->
                assertThat(history(task.userId, null))
                    .extracting(row -> row.get("action"))
                    .contains("BACKFILL"));
  }

  @Test
  void stopsWriting_afterARevocation_andForgetsTheUserOnATombstone() throws Exception {
    TaskEventMother.Task task = dueTomorrowAt(9, 30);
    connect(task.userId, SyncMode.TWO_WAY);

    publish(new ConnectionRevoked(task.userId, Instant.parse("2026-11-27T10:10:00Z")));
    publish(task.created());
    await()
        .atMost(PROCESSED)
        .untilAsserted(
            () ->
                assertThat(history(task.userId, task.taskId))
                    .singleElement()
                    .satisfies(row -> assertThat(row.get("detail")).contains("NOT_CONNECTED")));
    assertThat(commandsFor(task.userId, task.taskId)).isEmpty();
    assertThat(
            countRows(
                "SELECT count(*) FROM user_settings WHERE user_id = ?"
                    + " AND connection_status = 'REVOKED'",
                task.userId))
        .isEqualTo(1);

    producer()
        .send(new ProducerRecord<>(Topics.CONNECTION_EVENTS, task.userId, null))
        .get(10, TimeUnit.SECONDS);
    await()
        .atMost(PROCESSED)
        .until(
            () ->
                countRows("SELECT count(*) FROM user_settings WHERE user_id = ?", task.userId)
                    == 0);
  }

  @Test
  void recordsAFailedCommand_andKeepsAConflictForTheMerge() throws Exception {
    TaskEventMother.Task task = dueTomorrowAt(9, 30);
    connect(task.userId, SyncMode.TWO_WAY);
    publish(task.created());
    UpsertEvent upsert = (UpsertEvent) awaitCommands(task.userId, task.taskId, 1).get(0);

    publish(
        new CommandFailed(
            upsert.commandId(),
            task.userId,
            task.taskId,
            upsert.eventId(),
            "conflict: conditionNotMet",
            false));

    await()
        .atMost(PROCESSED)
        .untilAsserted(
            () ->
                assertThat(history(task.userId, task.taskId))
                    .extracting(row -> row.get("outcome"))
                    .contains("CONFLICT"));
    assertThat(
            countRows(
                "SELECT count(*) FROM calendar_command WHERE command_id = ? AND outcome = 'CONFLICT'",
                upsert.commandId()))
        .isEqualTo(1);
  }

  @Test
  void sendsTheLatestVersionOnce_afterTheConnectorRefusedItAsNotConnected_andTheUserReconnects()
      throws Exception {
    TaskEventMother.Task task = dueTomorrowAt(9, 30);
    connect(task.userId, SyncMode.TWO_WAY);
    UpsertEvent created = createdAndApplied(task, "\"etag-1\"");

    // The user disconnects and renames the task; the rename reaches the orchestrator before the
    // revocation (another topic), so it is sent, and the connector refuses it.
    awaitProcessed(publish(task.titled("Renamed after disconnecting").next().updated()));
    UpsertEvent refused = (UpsertEvent) awaitCommands(task.userId, task.taskId, 2).get(1);
    assertThat(refused.summary()).isEqualTo("Renamed after disconnecting");
    awaitProcessed(publish(notConnected(refused)));
    awaitProcessed(publish(new ConnectionRevoked(task.userId, Instant.now())));
    assertThat(commandsFor(task.userId, task.taskId)).hasSize(2);
    assertThat(history(task.userId, task.taskId))
        .filteredOn(row -> row.get("outcome").equals("FAILED"))
        .singleElement()
        .satisfies(row -> assertThat(row.get("detail")).contains("AT_NEXT_CATCH_UP"));

    String reconnect = reconnect(task.userId, SyncMode.TWO_WAY);
    List<CalendarCommand> commands = commandsFor(task.userId, task.taskId);
    assertThat(commands).hasSize(3);
    UpsertEvent resent = (UpsertEvent) commands.get(2);
    assertThat(resent.commandId())
        .isEqualTo(CommandIds.of(reconnect, task.taskId, CommandKind.UPSERT_EVENT));
    assertThat(resent.summary()).isEqualTo("Renamed after disconnecting");
    assertThat(resent.eventId()).isEqualTo(created.eventId());
    assertThat(resent.expectedEtag()).isEqualTo("\"etag-1\"");
    assertThat(linkColumn(task.userId, task.taskId, "applied_task_version")).isEqualTo("1");

    // Applied: Google holds version 2. The rename delivered again (a relay's retry, a replay)
    // and a further reconnect send nothing.
    awaitProcessed(publish(applied(resent, "\"etag-2\"")));
    assertThat(linkColumn(task.userId, task.taskId, "applied_task_version")).isEqualTo("2");
    awaitProcessed(publish(task.updated()));
    reconnect(task.userId, SyncMode.TWO_WAY);
    assertThat(commandsFor(task.userId, task.taskId)).hasSize(3);
  }

  @Test
  void sendsTheRefusedVersionAtOnce_whenTheRefusalArrivesAfterTheReconnect() throws Exception {
    TaskEventMother.Task task = dueTomorrowAt(9, 30);
    connect(task.userId, SyncMode.CRM_TO_GOOGLE);
    createdAndApplied(task, "\"etag-1\"");
    awaitProcessed(publish(task.titled("Renamed").next().updated()));
    UpsertEvent refused = (UpsertEvent) awaitCommands(task.userId, task.taskId, 2).get(1);

    // Revocation and reconnect are handled while the rename is still in flight: the catch-up
    // passes the task over (one write at a time), and the refusal completes it.
    awaitProcessed(publish(new ConnectionRevoked(task.userId, Instant.now())));
    reconnect(task.userId, SyncMode.CRM_TO_GOOGLE);
    assertThat(commandsFor(task.userId, task.taskId)).hasSize(2);
    String refusal = publish(notConnected(refused));
    awaitProcessed(refusal);

    List<CalendarCommand> commands = commandsFor(task.userId, task.taskId);
    assertThat(commands).hasSize(3);
    assertThat(commands.get(2).commandId())
        .isEqualTo(CommandIds.of(refusal, task.taskId, CommandKind.UPSERT_EVENT));
    assertThat(((UpsertEvent) commands.get(2)).summary()).isEqualTo("Renamed");
    assertThat(((UpsertEvent) commands.get(2)).expectedEtag()).isEqualTo("\"etag-1\"");
  }

  @Test
  void recordsChangesAsSkipped_whileTheConnectionIsLost_andSendsTheLatestOnReconnect()
      throws Exception {
    TaskEventMother.Task task = dueTomorrowAt(9, 30);
    connect(task.userId, SyncMode.CRM_TO_GOOGLE);
    createdAndApplied(task, "\"etag-1\"");
    awaitProcessed(publish(new ConnectionLost(task.userId, "invalid_grant", Instant.now())));

    awaitProcessed(publish(task.titled("First rename").next().updated()));
    awaitProcessed(publish(task.titled("Second rename").next().updated()));
    assertThat(commandsFor(task.userId, task.taskId)).hasSize(1);
    assertThat(history(task.userId, task.taskId))
        .filteredOn(row -> row.get("outcome").equals("SKIPPED"))
        .hasSize(2)
        .allSatisfy(row -> assertThat(row.get("detail")).contains("NOT_CONNECTED"));

    reconnect(task.userId, SyncMode.CRM_TO_GOOGLE);
    List<CalendarCommand> commands = commandsFor(task.userId, task.taskId);
    assertThat(commands).hasSize(2);
    assertThat(((UpsertEvent) commands.get(1)).summary()).isEqualTo("Second rename");
  }

  @Test
  void sendsARemovalAgain_atTheNextCatchUp_whenGoogleFailedIt() throws Exception {
    TaskEventMother.Task task = dueTomorrowAt(9, 30);
    connect(task.userId, SyncMode.CRM_TO_GOOGLE);
    createdAndApplied(task, "\"etag-1\"");
    awaitProcessed(publish(task.next().deleted()));
    DeleteEvent removal = (DeleteEvent) awaitCommands(task.userId, task.taskId, 2).get(1);
    assertThat(linkColumn(task.userId, task.taskId, "state")).isEqualTo("DELETED");

    awaitProcessed(
        publish(
            new CommandFailed(
                removal.commandId(),
                task.userId,
                task.taskId,
                removal.eventId(),
                "503 backendError",
                true)));
    // The event is still there.
    assertThat(linkColumn(task.userId, task.taskId, "state")).isEqualTo("ACTIVE");
    assertThat(commandsFor(task.userId, task.taskId)).hasSize(2);

    String reconnect = reconnect(task.userId, SyncMode.CRM_TO_GOOGLE);
    List<CalendarCommand> commands = commandsFor(task.userId, task.taskId);
    assertThat(commands).hasSize(3);
    assertThat(commands.get(2)).isInstanceOf(DeleteEvent.class);
    assertThat(commands.get(2).commandId())
        .isEqualTo(CommandIds.of(reconnect, task.taskId, CommandKind.DELETE_EVENT));
    assertThat(linkColumn(task.userId, task.taskId, "state")).isEqualTo("DELETED");
  }

  @Test
  void neverPushesATask_whoseEventDeletionWasHandledFirst() throws Exception {
    // A replay from the start or a restored database may handle the deletion of a task's event in
    // Google before the task event itself: the topics are not ordered against each other, and a
    // cancellation carries only the event id. The task's push collided with that tombstone and its
    // record was retried for a minute before going to the dead-letter topic.
    TaskEventMother.Task task = dueTomorrowAt(9, 30);
    connect(task.userId, SyncMode.TWO_WAY);
    String eventId = EventIds.of(task.userId, task.taskId);
    awaitProcessed(
        publish(EventChanged.cancelled(task.userId, OWNER_EMAIL, eventId, SyncKind.INCREMENTAL)));

    awaitProcessed(publish(task.created()));
    awaitProcessed(publish(task.titled("Renamed").next().updated()));
    reconnect(task.userId, SyncMode.TWO_WAY);

    assertThat(commandsFor(task.userId, task.taskId)).isEmpty();
    assertThat(linkColumn(task.userId, task.taskId, "event_id")).isEqualTo(eventId);
    assertThat(linkColumn(task.userId, task.taskId, "deleted_by")).isEqualTo("EVENT");
    assertThat(history(task.userId, task.taskId))
        .hasSize(2)
        .allSatisfy(row -> assertThat(row.get("detail")).contains("EVENT_DELETED"));
  }

  @Test
  void deadLettersAPoisonTaskEvent_andProcessesTheNextRecordOfThePartition() throws Exception {
    TaskEventMother.Task task = dueTomorrowAt(9, 30);
    connect(task.userId, SyncMode.TWO_WAY);
    // A TaskCreated without its required title, from a CRM service with a bug.
    byte[] poison =
        ("{\"taskId\":\""
                + UUID.randomUUID()
                + "\",\"userId\":\""
                + task.userId
                + "\","
                + "\"timeZone\":\"Europe/Berlin\",\"status\":\"OPEN\",\"version\":1,"
                + "\"updatedAt\":\"2026-11-27T10:00:00Z\",\"origin\":\"crm-billing\"}")
            .getBytes(StandardCharsets.UTF_8);
    ProducerRecord<String, Object> record =
        new ProducerRecord<>(Topics.TASK_EVENTS, task.userId, poison);
    CloudEventHeaders.set(record.headers(), CloudEventHeaders.SPEC_VERSION, "1.0");
    CloudEventHeaders.set(record.headers(), CloudEventHeaders.TYPE, "io.calsync.task.created.v1");
    CloudEventHeaders.set(record.headers(), CloudEventHeaders.ID, UUID.randomUUID().toString());
    CloudEventHeaders.set(record.headers(), CloudEventHeaders.SOURCE, "/crm/billing");
    CloudEventHeaders.set(record.headers(), CloudEventHeaders.CONTENT_TYPE, "application/json");
    producer().send(record).get(10, TimeUnit.SECONDS);

    publish(task.created());

    assertThat(awaitCommands(task.userId, task.taskId, 1)).hasSize(1);
    ConsumerRecord<String, byte[]> dead = deadLetter(Topics.TASK_EVENTS, task.userId);
    assertThat(dead.value()).isEqualTo(poison);
    assertThat(
            new String(
                dead.headers().lastHeader(KafkaHeaders.DLT_EXCEPTION_STACKTRACE).value(),
                StandardCharsets.UTF_8))
        .contains("title");
  }

  @Test
  void historyApiShowsOnlyTheCallersEntries_newestFirst_inPages() throws Exception {
    TaskEventMother.Task mine = dueTomorrowAt(9, 30);
    TaskEventMother.Task mineLater = dueTomorrowAt(10, 0).of(mine.userId);
    TaskEventMother.Task theirs = dueTomorrowAt(9, 30);
    publish(mine.created());
    publish(theirs.created());
    publish(mineLater.created());
    await()
        .atMost(PROCESSED)
        .untilAsserted(
            () -> {
              assertThat(history(mine.userId, null)).hasSize(2);
              assertThat(history(theirs.userId, null)).hasSize(1);
            });
    String token = token(mine.userId);

    List<Map<String, Object>> page = historyPage(token, "/api/v1/sync/history?limit=10");
    assertThat(page)
        .extracting(entry -> entry.get("taskId"))
        .containsExactly(mineLater.taskId, mine.taskId);
    assertThat(page.get(0))
        .containsEntry("direction", "CRM_TO_GOOGLE")
        .containsEntry("outcome", "SKIPPED")
        .containsEntry("reason", DecisionReason.NOT_CONNECTED.text());

    List<Map<String, Object>> first = historyPage(token, "/api/v1/sync/history?limit=1");
    assertThat(first).extracting(entry -> entry.get("taskId")).containsExactly(mineLater.taskId);
    List<Map<String, Object>> second =
        historyPage(token, "/api/v1/sync/history?limit=1&before=" + first.get(0).get("sequence"));
    assertThat(second).extracting(entry -> entry.get("taskId")).containsExactly(mine.taskId);

    http.get()
        .uri("/api/v1/sync/history?limit=0")
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
        .exchange()
        .expectStatus()
        .isBadRequest();
  }

  @Test
  void historyApiAllowsTheSettingsPageOrigin_only() {
    http.options()
        .uri("/api/v1/sync/history")
        .header(HttpHeaders.ORIGIN, "http://localhost:8084")
        .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "GET")
        .header(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS, "Authorization")
        .exchange()
        .expectStatus()
        .isOk()
        .expectHeader()
        .valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "http://localhost:8084");

    http.options()
        .uri("/api/v1/sync/history")
        .header(HttpHeaders.ORIGIN, "http://evil.example")
        .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "GET")
        .exchange()
        .expectStatus()
        .isForbidden();
  }

  // --- publishing as a CRM service, the token-service and the connector would ---

  private void connect(String userId, SyncMode mode) throws Exception {
    publish(ConnectionMother.connectedEvent(userId, ConnectionMother.settings(mode)));
    await()
        .atMost(PROCESSED)
        .until(
            () ->
                countRows(
                        "SELECT count(*) FROM user_settings WHERE user_id = ? AND sync_mode = '"
                            + mode.name()
                            + "'",
                        userId)
                    == 1);
  }

  /** A connect of a user who was connected before; returns its {@code ce_id}. */
  private String reconnect(String userId, SyncMode mode) throws Exception {
    String messageId =
        publish(ConnectionMother.connectedEvent(userId, ConnectionMother.settings(mode)));
    awaitProcessed(messageId);
    return messageId;
  }

  /** Publishes the task's creation and Google's answer to its upsert; returns the upsert. */
  private UpsertEvent createdAndApplied(TaskEventMother.Task task, String etag) throws Exception {
    publish(task.created());
    UpsertEvent upsert = (UpsertEvent) awaitCommands(task.userId, task.taskId, 1).get(0);
    awaitProcessed(publish(applied(upsert, etag)));
    return upsert;
  }

  private static CommandApplied applied(UpsertEvent upsert, String etag) {
    return new CommandApplied(
        upsert.commandId(),
        upsert.userId(),
        upsert.taskId(),
        upsert.eventId(),
        etag,
        Instant.now(),
        CommandApplied.Action.UPDATED);
  }

  /** The connector's answer when token-service has no connection for the user. */
  private static CommandFailed notConnected(CalendarCommand command) {
    return new CommandFailed(
        command.commandId(),
        command.userId(),
        command.taskId(),
        command.eventId(),
        "not-connected",
        false);
  }

  /**
   * Waits until the record with {@code messageId} was handled: its inbox row commits with its
   * effect, and any command it caused was acknowledged by Kafka before that.
   */
  private static void awaitProcessed(String messageId) {
    await()
        .atMost(PROCESSED)
        .until(
            () ->
                countRows("SELECT count(*) FROM processed_message WHERE message_id = ?", messageId)
                    == 1);
  }

  /** Publishes {@code body} under a fresh {@code ce_id}, which it returns. */
  private String publish(ContractMessage body) throws Exception {
    return publish(body, UUID.randomUUID().toString());
  }

  private String publish(ContractMessage body, String messageId) throws Exception {
    String topic = topicOf(body);
    ProducerRecord<String, Object> record = new ProducerRecord<>(topic, body.userId(), body);
    CloudEventAttributes.withId(messageId).applyTo(record.headers());
    producer().send(record).get(10, TimeUnit.SECONDS);
    return messageId;
  }

  private static String topicOf(ContractMessage body) {
    if (body instanceof TaskEvent) {
      return Topics.TASK_EVENTS;
    }
    if (body instanceof CommandApplied || body instanceof CommandFailed) {
      return Topics.COMMAND_RESULTS;
    }
    if (body instanceof EventChanged) {
      return Topics.EVENT_CHANGES;
    }
    return Topics.CONNECTION_EVENTS;
  }

  private static synchronized KafkaProducer<String, Object> producer() {
    if (crm == null) {
      crm =
          new KafkaProducer<>(
              Map.of(
                  ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                  SharedKafka.bootstrapServers(),
                  ProducerConfig.ACKS_CONFIG,
                  "all",
                  ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                  true),
              new StringSerializer(),
              new CloudEventSerializer("/crm/billing"));
    }
    return crm;
  }

  /**
   * Publishes a new task of {@code userId} and waits for its decision: the user's records published
   * before it have then been handled, since one consumer thread handles a user's partition in
   * order, and any command they caused was acknowledged before their decision committed.
   */
  private void markerProcessed(String userId) throws Exception {
    TaskEventMother.Task marker = dueTomorrowAt(12, 0).of(userId);
    publish(marker.created());
    await()
        .atMost(PROCESSED)
        .untilAsserted(() -> assertThat(history(userId, marker.taskId)).isNotEmpty());
  }

  // --- reading what the orchestrator produced ---

  private List<CalendarCommand> awaitCommands(String userId, String taskId, int count) {
    List<List<CalendarCommand>> found = new ArrayList<>();
    await()
        .atMost(PROCESSED)
        .untilAsserted(
            () -> {
              List<CalendarCommand> commands = commandsFor(userId, taskId);
              assertThat(commands).hasSizeGreaterThanOrEqualTo(count);
              found.add(commands);
            });
    return found.get(found.size() - 1);
  }

  /** The commands on {@code calendar.commands} for the task, up to the topic's current end. */
  private static List<CalendarCommand> commandsFor(String userId, String taskId) {
    return commandRecordsFor(userId).stream()
        .map(record -> (CalendarCommand) record.value())
        .filter(command -> command.taskId().equals(taskId))
        .toList();
  }

  private static synchronized List<ConsumerRecord<String, ContractMessage>> commandRecordsFor(
      String userId) {
    if (commandReader == null) {
      commandReader =
          new KafkaConsumer<>(
              Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers()),
              new StringDeserializer(),
              new CloudEventDeserializer());
      List<TopicPartition> partitions =
          commandReader.partitionsFor(Topics.CALENDAR_COMMANDS).stream()
              .map(info -> new TopicPartition(info.topic(), info.partition()))
              .toList();
      commandReader.assign(partitions);
      commandReader.seekToBeginning(partitions);
    }
    Map<TopicPartition, Long> end = commandReader.endOffsets(commandReader.assignment());
    while (end.entrySet().stream()
        .anyMatch(entry -> commandReader.position(entry.getKey()) < entry.getValue())) {
      commandReader
          .poll(Duration.ofMillis(200))
          .forEach(
              record ->
                  COMMANDS.computeIfAbsent(record.key(), key -> new ArrayList<>()).add(record));
    }
    return List.copyOf(COMMANDS.getOrDefault(userId, List.of()));
  }

  private static ConsumerRecord<String, byte[]> deadLetter(String topic, String key) {
    String dlt = Topics.dlt(topic);
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers()),
            new StringDeserializer(),
            new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(dlt).stream()
              .map(info -> new TopicPartition(dlt, info.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
      await()
          .atMost(PROCESSED)
          .until(
              () -> {
                consumer
                    .poll(Duration.ofMillis(200))
                    .forEach(
                        record -> {
                          if (key.equals(record.key())) {
                            found.add(record);
                          }
                        });
                return !found.isEmpty();
              });
      return found.get(0);
    }
  }

  // --- the database and the API ---

  private static Connection jdbc() throws SQLException {
    return DriverManager.getConnection(
        database.jdbcUrl(), database.username(), database.password());
  }

  private static long countRows(String sql, String parameter) throws SQLException {
    try (Connection connection = jdbc();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, parameter);
      try (ResultSet rows = statement.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }

  private static String linkColumn(String userId, String taskId, String column)
      throws SQLException {
    try (Connection connection = jdbc();
        PreparedStatement statement =
            connection.prepareStatement(
                "SELECT " + column + " FROM link WHERE user_id = ? AND task_id = ?")) {
      statement.setString(1, userId);
      statement.setString(2, taskId);
      try (ResultSet rows = statement.executeQuery()) {
        return rows.next() ? rows.getString(1) : null;
      }
    }
  }

  /** The user's history rows, oldest first; of one task when {@code taskId} is not null. */
  private static List<Map<String, String>> history(String userId, String taskId)
      throws SQLException {
    try (Connection connection = jdbc();
        PreparedStatement statement =
            connection.prepareStatement(
                "SELECT action, outcome, reason, detail::text AS detail, task_id FROM sync_history"
                    + " WHERE user_id = ? ORDER BY sequence")) {
      statement.setString(1, userId);
      List<Map<String, String>> rows = new ArrayList<>();
      try (ResultSet result = statement.executeQuery()) {
        while (result.next()) {
          if (taskId == null || taskId.equals(result.getString("task_id"))) {
            rows.add(
                Map.of(
                    "action", result.getString("action"),
                    "outcome", result.getString("outcome"),
                    "reason", Optional.ofNullable(result.getString("reason")).orElse(""),
                    "detail", result.getString("detail")));
          }
        }
      }
      return rows;
    }
  }

  private double decisions(String outcome) {
    return meters.find(SyncMetrics.DECISIONS).tag("outcome", outcome).counters().stream()
        .mapToDouble(counter -> counter.count())
        .sum();
  }

  @SuppressWarnings("unchecked")
  private List<Map<String, Object>> historyPage(String token, String uri) {
    return http
        .get()
        .uri(uri)
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
        .exchange()
        .expectStatus()
        .isOk()
        .expectBodyList(Map.class)
        .returnResult()
        .getResponseBody()
        .stream()
        .map(entry -> (Map<String, Object>) entry)
        .toList();
  }

  private String token(String userId) throws Exception {
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader(JWSAlgorithm.HS256),
            new JWTClaimsSet.Builder()
                .subject(userId)
                .issueTime(new Date())
                .expirationTime(Date.from(Instant.now().plusSeconds(600)))
                .build());
    jwt.sign(new MACSigner(jwtSecret.getBytes(StandardCharsets.UTF_8)));
    return jwt.serialize();
  }
}
