package io.calsync.orchestrator.crmtogoogle;

import static io.calsync.orchestrator.crmtogoogle.CommandResultMother.applied;
import static io.calsync.orchestrator.crmtogoogle.CommandResultMother.conflict;
import static io.calsync.orchestrator.crmtogoogle.CommandResultMother.failed;
import static io.calsync.orchestrator.crmtogoogle.CommandResultMother.notConnected;
import static io.calsync.orchestrator.fixture.ConnectionMother.OWNER_EMAIL;
import static io.calsync.orchestrator.fixture.OrchestratorFixture.PROCESSED;
import static io.calsync.orchestrator.fixture.TaskEventMother.dueOnAt;
import static io.calsync.orchestrator.fixture.TaskEventMother.dueTomorrowAt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.calsync.contracts.Topics;
import io.calsync.contracts.calendar.CalendarCommand;
import io.calsync.contracts.calendar.DeleteEvent;
import io.calsync.contracts.calendar.EventChanged;
import io.calsync.contracts.calendar.EventTime;
import io.calsync.contracts.calendar.SendUpdates;
import io.calsync.contracts.calendar.SyncKind;
import io.calsync.contracts.calendar.UpsertEvent;
import io.calsync.contracts.cloudevents.CloudEventHeaders;
import io.calsync.contracts.connection.ConnectionLost;
import io.calsync.contracts.connection.ConnectionRevoked;
import io.calsync.contracts.connection.SyncMode;
import io.calsync.contracts.connection.SyncSettingsChanged;
import io.calsync.contracts.task.CreateTaskFromEvent;
import io.calsync.contracts.task.TaskCreated;
import io.calsync.contracts.task.TaskEvent;
import io.calsync.orchestrator.command.CommandIds;
import io.calsync.orchestrator.command.CommandKind;
import io.calsync.orchestrator.fixture.ConnectionMother;
import io.calsync.orchestrator.fixture.EventChangeMother;
import io.calsync.orchestrator.fixture.OrchestratorFixture;
import io.calsync.orchestrator.fixture.TaskEventMother;
import io.calsync.orchestrator.metrics.SyncMetrics;
import io.calsync.orchestrator.reconcile.DecisionReason;
import io.calsync.orchestrator.reconcile.EventIds;
import io.calsync.testsupport.DeadLetters;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
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

  private static final OrchestratorFixture fixture = new OrchestratorFixture("/crm/billing");

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    fixture.register(registry, "crm-to-google-it");
  }

  @Autowired WebTestClient http;
  @Autowired MeterRegistry meters;

  @Value("${calsync.security.jwt.secret}")
  String jwtSecret;

  @AfterAll
  static void closeClients() {
    fixture.close();
  }

  @Test
  void sendsOneUpsert_forATaskCreatedByAnyCrmService() throws Exception {
    TaskEventMother.Task task =
        dueOnAt(LocalDate.of(2026, 12, 1), 9, 30).assignedTo("bob@example.com");
    fixture.connect(task.userId, SyncMode.TWO_WAY);
    double sentBefore = decisions("COMMAND_SENT");

    String messageId = fixture.publish(task.created());
    fixture.awaitProcessed(messageId);

    List<CalendarCommand> commands = fixture.calendarCommands(task.userId, task.taskId);
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
    assertThat(
            fixture
                .records(Topics.CALENDAR_COMMANDS, task.userId)
                .get(0)
                .headers()
                .lastHeader(CloudEventHeaders.ID))
        .isNotNull()
        .satisfies(
            header ->
                assertThat(new String(header.value(), StandardCharsets.UTF_8))
                    .isEqualTo(upsert.commandId()));
    assertThat(fixture.history(task.userId, task.taskId))
        .extracting(row -> row.get("action") + "/" + row.get("outcome"))
        .containsExactly("UPSERT_EVENT/COMMAND_SENT");
    assertThat(decisions("COMMAND_SENT")).isGreaterThan(sentBefore);
  }

  @Test
  void updatesWithTheEtagOfTheAppliedCommand_andDeletesTheEventOfADeletedTask() throws Exception {
    TaskEventMother.Task task = dueTomorrowAt(9, 30);
    fixture.connect(task.userId, SyncMode.CRM_TO_GOOGLE);
    UpsertEvent created = createdAndSent(task);

    Instant updated = Instant.parse("2026-11-27T10:00:01.500Z");
    fixture.awaitProcessed(fixture.publish(applied(created, "\"etag-1\"", updated)));
    assertThat(fixture.linkColumn(task.userId, task.taskId, "event_etag")).isEqualTo("\"etag-1\"");
    JsonNode snapshot =
        new ObjectMapper().readTree(fixture.linkColumn(task.userId, task.taskId, "event_snapshot"));
    assertThat(snapshot.path("summary").asText()).isEqualTo(task.title);
    assertThat(snapshot.path("etag").asText()).isEqualTo("\"etag-1\"");
    assertThat(snapshot.path("updated").asText()).isEqualTo("2026-11-27T10:00:01.500Z");

    fixture.publish(task.titled("Call Acme (moved)").next().updated());
    UpsertEvent update =
        (UpsertEvent) fixture.awaitCalendarCommands(task.userId, task.taskId, 2).get(1);
    assertThat(update.expectedEtag()).isEqualTo("\"etag-1\"");
    assertThat(update.eventId()).isEqualTo(created.eventId());
    assertThat(update.summary()).isEqualTo("Call Acme (moved)");

    fixture.publish(task.next().deleted());
    // Sent once the user's deletions have settled (the mass-deletion guard), in the transaction
    // that changes the link.
    CalendarCommand deletion = fixture.awaitCalendarCommands(task.userId, task.taskId, 3).get(2);
    assertThat(deletion).isInstanceOf(DeleteEvent.class);
    assertThat(deletion.eventId()).isEqualTo(created.eventId());
    assertThat(deletion.calendarId()).isEqualTo(OWNER_EMAIL);
    awaitLinkState(task, "DELETED");
  }

  @Test
  void hasOneEffect_perTaskVersion_underDuplicatesAndReordering_oneWriteInFlight()
      throws Exception {
    TaskEventMother.Task task = dueTomorrowAt(9, 30);
    fixture.connect(task.userId, SyncMode.TWO_WAY);
    TaskCreated first = task.created();
    String firstId = UUID.randomUUID().toString();
    TaskEvent second = task.titled("Second title").next().updated();

    // The same record delivered three times (a producer retry, a redelivery after a rebalance).
    fixture.publish(first, firstId);
    fixture.publish(first, firstId);
    fixture.publish(first, firstId);
    fixture.publish(second);
    // Version 2 again under a new ce_id (a producer without an outbox), then the stale version 1.
    fixture.publish(second);
    // One consumer thread handles a user's task events in order: once the last is handled, all are.
    fixture.awaitProcessed(fixture.publish(first));

    // Version 2 waits while the insert of version 1 is in flight (an unconditional write could
    // restore an event deleted in Google meanwhile), and follows with the etag once it is applied.
    List<CalendarCommand> commands = fixture.calendarCommands(task.userId, task.taskId);
    assertThat(commands).hasSize(1);
    fixture.publish(applied(commands.get(0), "\"etag-1\"", Instant.parse("2026-11-27T10:00:30Z")));
    commands = fixture.awaitCalendarCommands(task.userId, task.taskId, 2);
    assertThat(commands).hasSize(2);
    assertThat(commands)
        .extracting(command -> ((UpsertEvent) command).summary())
        .containsExactly(first.title(), "Second title");
    assertThat(((UpsertEvent) commands.get(1)).expectedEtag()).isEqualTo("\"etag-1\"");
    assertThat(
            fixture.count("SELECT count(*) FROM processed_message WHERE message_id = ?", firstId))
        .isEqualTo(1);
    assertThat(decisions("IGNORED")).isGreaterThanOrEqualTo(3);
  }

  @Test
  void sendsNothingButRecordsWhy_whenTheUserDoesNotWriteToGoogle() throws Exception {
    TaskEventMother.Task googleToCrm = dueTomorrowAt(9, 30);
    TaskEventMother.Task paused = dueTomorrowAt(9, 30);
    TaskEventMother.Task notConnected = dueTomorrowAt(9, 30);
    fixture.connect(googleToCrm.userId, SyncMode.GOOGLE_TO_CRM);
    fixture.connect(paused.userId, SyncMode.PAUSED);

    for (TaskEventMother.Task task : List.of(googleToCrm, paused, notConnected)) {
      fixture.publish(task.created());
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
                  assertThat(fixture.history(task.userId, task.taskId))
                      .singleElement()
                      .satisfies(
                          row -> {
                            assertThat(row.get("action")).isEqualTo("NONE");
                            assertThat(row.get("outcome")).isEqualTo("SKIPPED");
                            assertThat(row.get("detail")).contains(entry.getValue());
                            assertThat(row.get("reason")).isNotBlank();
                          }));
      // The history row commits after any command would have been acknowledged.
      assertThat(fixture.calendarCommands(task.userId, task.taskId)).isEmpty();
    }
  }

  @Test
  void pushesTheTasksNotYetInGoogle_whenThePausedUserResumes() throws Exception {
    TaskEventMother.Task task = dueTomorrowAt(9, 30);
    fixture.connect(task.userId, SyncMode.PAUSED);
    fixture.awaitProcessed(fixture.publish(task.created()));
    assertThat(fixture.history(task.userId, task.taskId)).hasSize(1);
    assertThat(fixture.calendarCommands(task.userId, task.taskId)).isEmpty();

    String resumeId =
        fixture.publish(
            new SyncSettingsChanged(
                task.userId,
                ConnectionMother.settings(SyncMode.TWO_WAY),
                true,
                Instant.parse("2026-11-27T10:05:00Z")));

    fixture.awaitProcessed(resumeId);
    UpsertEvent upsert = (UpsertEvent) single(fixture.calendarCommands(task.userId, task.taskId));
    assertThat(upsert.commandId())
        .isEqualTo(CommandIds.of(resumeId, task.taskId, CommandKind.UPSERT_EVENT));
    assertThat(upsert.summary()).isEqualTo(task.title);
    assertThat(fixture.history(task.userId))
        .extracting(row -> row.get("action"))
        .contains("BACKFILL");
  }

  @Test
  void stopsWriting_afterARevocation_andForgetsTheUserOnATombstone() throws Exception {
    TaskEventMother.Task task = dueTomorrowAt(9, 30);
    fixture.connect(task.userId, SyncMode.TWO_WAY);

    fixture.awaitProcessed(
        fixture.publish(new ConnectionRevoked(task.userId, Instant.parse("2026-11-27T10:10:00Z"))));
    fixture.awaitProcessed(fixture.publish(task.created()));
    assertThat(fixture.history(task.userId, task.taskId))
        .singleElement()
        .satisfies(row -> assertThat(row.get("detail")).contains("NOT_CONNECTED"));
    assertThat(fixture.calendarCommands(task.userId, task.taskId)).isEmpty();
    assertThat(
            fixture.count(
                "SELECT count(*) FROM user_settings WHERE user_id = ?"
                    + " AND connection_status = 'REVOKED'",
                task.userId))
        .isEqualTo(1);

    fixture.send(new ProducerRecord<>(Topics.CONNECTION_EVENTS, task.userId, null));
    await()
        .atMost(PROCESSED)
        .until(
            () ->
                fixture.count("SELECT count(*) FROM user_settings WHERE user_id = ?", task.userId)
                    == 0);
  }

  @Test
  void recordsAFailedCommand_andKeepsAConflictForTheMerge() throws Exception {
    TaskEventMother.Task task = dueTomorrowAt(9, 30);
    fixture.connect(task.userId, SyncMode.TWO_WAY);
    UpsertEvent upsert = createdAndSent(task);

    fixture.awaitProcessed(fixture.publish(conflict(upsert)));

    assertThat(fixture.history(task.userId, task.taskId))
        .extracting(row -> row.get("outcome"))
        .contains("CONFLICT");
    assertThat(
            fixture.count(
                "SELECT count(*) FROM calendar_command WHERE command_id = ? AND outcome = 'CONFLICT'",
                upsert.commandId()))
        .isEqualTo(1);
  }

  @Test
  void sendsTheLatestVersionOnce_afterTheConnectorRefusedItAsNotConnected_andTheUserReconnects()
      throws Exception {
    TaskEventMother.Task task = dueTomorrowAt(9, 30);
    fixture.connect(task.userId, SyncMode.TWO_WAY);
    UpsertEvent created = createdAndApplied(task, "\"etag-1\"");

    // The user disconnects and renames the task; the rename reaches the orchestrator before the
    // revocation (another topic), so it is sent, and the connector refuses it.
    fixture.awaitProcessed(
        fixture.publish(task.titled("Renamed after disconnecting").next().updated()));
    UpsertEvent refused =
        (UpsertEvent) fixture.awaitCalendarCommands(task.userId, task.taskId, 2).get(1);
    assertThat(refused.summary()).isEqualTo("Renamed after disconnecting");
    fixture.awaitProcessed(fixture.publish(notConnected(refused)));
    fixture.awaitProcessed(fixture.publish(new ConnectionRevoked(task.userId, Instant.now())));
    assertThat(fixture.calendarCommands(task.userId, task.taskId)).hasSize(2);
    assertThat(fixture.history(task.userId, task.taskId))
        .filteredOn(row -> row.get("outcome").equals("FAILED"))
        .singleElement()
        .satisfies(row -> assertThat(row.get("detail")).contains("AT_NEXT_CATCH_UP"));

    String reconnect = fixture.connect(task.userId, SyncMode.TWO_WAY);
    List<CalendarCommand> commands = fixture.calendarCommands(task.userId, task.taskId);
    assertThat(commands).hasSize(3);
    UpsertEvent resent = (UpsertEvent) commands.get(2);
    assertThat(resent.commandId())
        .isEqualTo(CommandIds.of(reconnect, task.taskId, CommandKind.UPSERT_EVENT));
    assertThat(resent.summary()).isEqualTo("Renamed after disconnecting");
    assertThat(resent.eventId()).isEqualTo(created.eventId());
    assertThat(resent.expectedEtag()).isEqualTo("\"etag-1\"");
    assertThat(fixture.linkColumn(task.userId, task.taskId, "applied_task_version")).isEqualTo("1");

    // Applied: Google holds version 2. The rename delivered again (a relay's retry, a replay)
    // and a further reconnect send nothing.
    fixture.awaitProcessed(fixture.publish(applied(resent, "\"etag-2\"")));
    assertThat(fixture.linkColumn(task.userId, task.taskId, "applied_task_version")).isEqualTo("2");
    fixture.awaitProcessed(fixture.publish(task.updated()));
    fixture.connect(task.userId, SyncMode.TWO_WAY);
    assertThat(fixture.calendarCommands(task.userId, task.taskId)).hasSize(3);
  }

  @Test
  void closesTheOldAccountsLinks_andPushesTheTasksToTheNewCalendar_whenAnotherAccountConnects()
      throws Exception {
    TaskEventMother.Task task = dueTomorrowAt(9, 30);
    fixture.connect(task.userId, SyncMode.TWO_WAY);
    UpsertEvent inOldCalendar = createdAndApplied(task, "\"etag-a1\"");
    // A rename is sent to the first account and still unanswered when the user switches accounts.
    fixture.awaitProcessed(
        fixture.publish(task.titled("Renamed before switching").next().updated()));
    UpsertEvent staleRename =
        (UpsertEvent) fixture.awaitCalendarCommands(task.userId, task.taskId, 2).get(1);
    assertThat(staleRename.calendarId()).isEqualTo(OWNER_EMAIL);

    String otherAccount = "someone.else@example.com";
    String reconnect = fixture.connect(task.userId, otherAccount, SyncMode.TWO_WAY);

    // Exactly one insert into the new calendar (no etag), nothing to the old one.
    List<CalendarCommand> commands = fixture.calendarCommands(task.userId, task.taskId);
    assertThat(commands).hasSize(3);
    UpsertEvent moved = (UpsertEvent) commands.get(2);
    assertThat(moved.commandId())
        .isEqualTo(CommandIds.of(reconnect, task.taskId, CommandKind.UPSERT_EVENT));
    assertThat(moved.calendarId()).isEqualTo(otherAccount);
    assertThat(moved.expectedEtag()).isNull();
    assertThat(moved.eventId()).isEqualTo(EventIds.of(task.userId, task.taskId));
    assertThat(moved.summary()).isEqualTo("Renamed before switching");
    assertThat(fixture.linkColumn(task.userId, task.taskId, "calendar_id")).isEqualTo(otherAccount);
    assertThat(fixture.history(task.userId, task.taskId))
        .filteredOn(row -> row.get("detail").contains("ACCOUNT_CHANGED"))
        .singleElement()
        .satisfies(
            row -> {
              assertThat(row.get("action") + "/" + row.get("outcome")).isEqualTo("NONE/SKIPPED");
              assertThat(row.get("detail")).contains(OWNER_EMAIL);
            });

    // The old account's late answer is recorded but neither revives the old link nor moves the new
    // one (same deterministic event id, other calendar), and sends nothing.
    fixture.awaitProcessed(fixture.publish(applied(staleRename, "\"etag-a2\"")));
    assertThat(fixture.linkColumn(task.userId, task.taskId, "calendar_id")).isEqualTo(otherAccount);
    assertThat(fixture.linkColumn(task.userId, task.taskId, "event_etag")).isNull();
    assertThat(fixture.linkColumn(task.userId, task.taskId, "applied_task_version")).isNull();
    assertThat(fixture.calendarCommands(task.userId, task.taskId)).hasSize(3);
    assertThat(fixture.count("SELECT count(*) FROM link WHERE user_id = ?", task.userId))
        .isEqualTo(1);

    // The new calendar's answer links the task there; the next edit updates that event.
    fixture.awaitProcessed(fixture.publish(applied(moved, "\"etag-b1\"")));
    fixture.awaitProcessed(
        fixture.publish(task.titled("Renamed after switching").next().updated()));
    UpsertEvent update =
        (UpsertEvent) fixture.awaitCalendarCommands(task.userId, task.taskId, 4).get(3);
    assertThat(update.calendarId()).isEqualTo(otherAccount);
    assertThat(update.eventId()).isEqualTo(moved.eventId());
    assertThat(update.expectedEtag()).isEqualTo("\"etag-b1\"");
    fixture.awaitProcessed(fixture.publish(applied(update, "\"etag-b2\"")));

    // The old calendar's events are no longer ours to sync; the new calendar's are new events.
    String oldEvent =
        fixture.publish(
            EventChangeMother.tomorrowAt(9, 30)
                .of(task.userId)
                .id(inOldCalendar.eventId())
                .stampedWith(task.taskId)
                .titled("Edited in the old calendar")
                .changed());
    fixture.awaitProcessed(oldEvent);
    EventChangeMother.Event newEvent =
        EventChangeMother.tomorrowAt(14, 0).of(task.userId).onCalendar(otherAccount);
    fixture.awaitProcessed(fixture.publish(newEvent.changed()));
    assertThat(fixture.taskCommands(task.userId))
        .singleElement()
        .isInstanceOf(CreateTaskFromEvent.class)
        .satisfies(command -> assertThat(command.eventId()).isEqualTo(newEvent.eventId));
    assertThat(fixture.calendarCommands(task.userId, task.taskId)).hasSize(4);

    // Reconnecting with the same account (other case) closes nothing and pushes nothing again.
    fixture.connect(task.userId, otherAccount.toUpperCase(Locale.ROOT), SyncMode.TWO_WAY);
    assertThat(fixture.calendarCommands(task.userId, task.taskId)).hasSize(4);
    assertThat(fixture.linkColumn(task.userId, task.taskId, "event_etag")).isEqualTo("\"etag-b2\"");
    assertThat(fixture.history(task.userId))
        .filteredOn(
            row ->
                row.get("detail").contains("\"reasonCode\": \"ACCOUNT_CHANGED\"")
                    && row.get("action").equals("NONE"))
        .hasSize(1);
  }

  @Test
  void sendsTheRefusedVersionAtOnce_whenTheRefusalArrivesAfterTheReconnect() throws Exception {
    TaskEventMother.Task task = dueTomorrowAt(9, 30);
    fixture.connect(task.userId, SyncMode.CRM_TO_GOOGLE);
    createdAndApplied(task, "\"etag-1\"");
    fixture.awaitProcessed(fixture.publish(task.titled("Renamed").next().updated()));
    UpsertEvent refused =
        (UpsertEvent) fixture.awaitCalendarCommands(task.userId, task.taskId, 2).get(1);

    // Revocation and reconnect are handled while the rename is still in flight: the catch-up
    // passes the task over (one write at a time), and the refusal completes it.
    fixture.awaitProcessed(fixture.publish(new ConnectionRevoked(task.userId, Instant.now())));
    fixture.connect(task.userId, SyncMode.CRM_TO_GOOGLE);
    assertThat(fixture.calendarCommands(task.userId, task.taskId)).hasSize(2);
    String refusal = fixture.publish(notConnected(refused));
    fixture.awaitProcessed(refusal);

    List<CalendarCommand> commands = fixture.calendarCommands(task.userId, task.taskId);
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
    fixture.connect(task.userId, SyncMode.CRM_TO_GOOGLE);
    createdAndApplied(task, "\"etag-1\"");
    fixture.awaitProcessed(
        fixture.publish(new ConnectionLost(task.userId, "invalid_grant", Instant.now())));

    fixture.awaitProcessed(fixture.publish(task.titled("First rename").next().updated()));
    fixture.awaitProcessed(fixture.publish(task.titled("Second rename").next().updated()));
    assertThat(fixture.calendarCommands(task.userId, task.taskId)).hasSize(1);
    assertThat(fixture.history(task.userId, task.taskId))
        .filteredOn(row -> row.get("outcome").equals("SKIPPED"))
        .hasSize(2)
        .allSatisfy(row -> assertThat(row.get("detail")).contains("NOT_CONNECTED"));

    fixture.connect(task.userId, SyncMode.CRM_TO_GOOGLE);
    List<CalendarCommand> commands = fixture.calendarCommands(task.userId, task.taskId);
    assertThat(commands).hasSize(2);
    assertThat(((UpsertEvent) commands.get(1)).summary()).isEqualTo("Second rename");
  }

  @Test
  void sendsARemovalAgain_atTheNextCatchUp_whenGoogleFailedIt() throws Exception {
    TaskEventMother.Task task = dueTomorrowAt(9, 30);
    fixture.connect(task.userId, SyncMode.CRM_TO_GOOGLE);
    createdAndApplied(task, "\"etag-1\"");
    fixture.awaitProcessed(fixture.publish(task.next().deleted()));
    DeleteEvent removal =
        (DeleteEvent) fixture.awaitCalendarCommands(task.userId, task.taskId, 2).get(1);
    awaitLinkState(task, "DELETED");

    fixture.awaitProcessed(fixture.publish(failed(removal, "503 backendError", true)));
    // The event is still there.
    assertThat(fixture.linkColumn(task.userId, task.taskId, "state")).isEqualTo("ACTIVE");
    assertThat(fixture.calendarCommands(task.userId, task.taskId)).hasSize(2);

    String reconnect = fixture.connect(task.userId, SyncMode.CRM_TO_GOOGLE);
    // The catch-up's removal passes the mass-deletion guard too.
    List<CalendarCommand> commands = fixture.awaitCalendarCommands(task.userId, task.taskId, 3);
    assertThat(commands).hasSize(3);
    assertThat(commands.get(2)).isInstanceOf(DeleteEvent.class);
    assertThat(commands.get(2).commandId())
        .isEqualTo(CommandIds.of(reconnect, task.taskId, CommandKind.DELETE_EVENT));
    awaitLinkState(task, "DELETED");
  }

  @Test
  void neverPushesATask_whoseEventDeletionWasHandledFirst() throws Exception {
    // A replay from the start or a restored database may handle the deletion of a task's event in
    // Google before the task event itself: the topics are not ordered against each other, and a
    // cancellation carries only the event id. The task's push collided with that tombstone and its
    // record was retried for a minute before going to the dead-letter topic.
    TaskEventMother.Task task = dueTomorrowAt(9, 30);
    fixture.connect(task.userId, SyncMode.TWO_WAY);
    String eventId = EventIds.of(task.userId, task.taskId);
    fixture.awaitProcessed(
        fixture.publish(
            EventChanged.cancelled(task.userId, OWNER_EMAIL, eventId, SyncKind.INCREMENTAL)));

    fixture.awaitProcessed(fixture.publish(task.created()));
    fixture.awaitProcessed(fixture.publish(task.titled("Renamed").next().updated()));
    fixture.connect(task.userId, SyncMode.TWO_WAY);

    assertThat(fixture.calendarCommands(task.userId, task.taskId)).isEmpty();
    assertThat(fixture.linkColumn(task.userId, task.taskId, "event_id")).isEqualTo(eventId);
    assertThat(fixture.linkColumn(task.userId, task.taskId, "deleted_by")).isEqualTo("EVENT");
    assertThat(fixture.history(task.userId, task.taskId))
        .hasSize(2)
        .allSatisfy(row -> assertThat(row.get("detail")).contains("EVENT_DELETED"));
  }

  @Test
  void deadLettersAPoisonTaskEvent_andProcessesTheNextRecordOfThePartition() throws Exception {
    TaskEventMother.Task task = dueTomorrowAt(9, 30);
    fixture.connect(task.userId, SyncMode.TWO_WAY);
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
    fixture.send(record);

    fixture.publish(task.created());

    assertThat(fixture.awaitCalendarCommands(task.userId, task.taskId, 1)).hasSize(1);
    ConsumerRecord<String, byte[]> dead =
        DeadLetters.first(Topics.TASK_EVENTS, task.userId, PROCESSED);
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
    fixture.publish(mine.created());
    fixture.publish(theirs.created());
    fixture.publish(mineLater.created());
    await()
        .atMost(PROCESSED)
        .untilAsserted(
            () -> {
              assertThat(fixture.history(mine.userId)).hasSize(2);
              assertThat(fixture.history(theirs.userId)).hasSize(1);
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

  // --- publishing as the connector would ---

  /** Publishes the task's creation and waits for its upsert. */
  private UpsertEvent createdAndSent(TaskEventMother.Task task) throws Exception {
    fixture.awaitProcessed(fixture.publish(task.created()));
    return (UpsertEvent) single(fixture.calendarCommands(task.userId, task.taskId));
  }

  /** Publishes the task's creation and Google's answer to its upsert; returns the upsert. */
  private UpsertEvent createdAndApplied(TaskEventMother.Task task, String etag) throws Exception {
    UpsertEvent upsert = createdAndSent(task);
    fixture.awaitProcessed(fixture.publish(applied(upsert, etag)));
    return upsert;
  }

  /** Waits until the task's link is in {@code state}. */
  private static void awaitLinkState(TaskEventMother.Task task, String state) {
    await()
        .atMost(PROCESSED)
        .until(() -> state.equals(fixture.linkColumn(task.userId, task.taskId, "state")));
  }

  private static <T> T single(List<T> items) {
    assertThat(items).hasSize(1);
    return items.get(0);
  }

  // --- metrics and the API ---

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
