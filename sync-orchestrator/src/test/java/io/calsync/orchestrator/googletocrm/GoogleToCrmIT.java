package io.calsync.orchestrator.googletocrm;

import static io.calsync.orchestrator.crmtogoogle.CommandResultMother.applied;
import static io.calsync.orchestrator.crmtogoogle.CommandResultMother.conflict;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.calsync.contracts.Topics;
import io.calsync.contracts.calendar.EventChanged;
import io.calsync.contracts.calendar.UpsertEvent;
import io.calsync.contracts.connection.SyncMode;
import io.calsync.contracts.sync.FullResyncRequested;
import io.calsync.contracts.task.CreateTaskFromEvent;
import io.calsync.contracts.task.Origins;
import io.calsync.contracts.task.TaskCommand;
import io.calsync.contracts.task.TaskCreated;
import io.calsync.contracts.task.TaskStatus;
import io.calsync.contracts.task.UnlinkTaskFromEvent;
import io.calsync.contracts.task.UpdateTaskFromEvent;
import io.calsync.orchestrator.fixture.ConnectionMother;
import io.calsync.orchestrator.fixture.EventChangeMother;
import io.calsync.orchestrator.fixture.OrchestratorFixture;
import io.calsync.orchestrator.fixture.TaskEventMother;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Google → CRM through real Kafka and PostgreSQL: event changes, task events and command results
 * are published as the connector and task-service would, and the commands are read from {@code
 * crm.task-commands} and {@code calendar.commands}.
 */
@SpringBootTest
@DirtiesContext
class GoogleToCrmIT {

  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

  private static final OrchestratorFixture fixture =
      new OrchestratorFixture("/calsync/calendar-connector");

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    fixture.register(registry, "google-to-crm-it");
  }

  @AfterAll
  static void closeClients() {
    fixture.close();
  }

  @Test
  void newEvent_createsExactlyOneTask_evenWhenDeliveredThreeTimes() throws Exception {
    EventChangeMother.Event event = EventChangeMother.startingAt(future(10, 0));
    fixture.connect(event.userId, SyncMode.TWO_WAY);
    EventChanged changed = event.withAttendee("bob@example.com").changed();

    String first = fixture.publish(changed);
    fixture.publish(changed, first);
    String third = fixture.publish(changed);
    fixture.awaitProcessed(third);
    fixture.awaitProcessed(fixture.publish(pastEvent(event.userId)));

    List<TaskCommand> commands = fixture.taskCommands(event.userId);
    assertThat(commands).hasSize(1);
    CreateTaskFromEvent create = (CreateTaskFromEvent) commands.get(0);
    assertThat(create.commandId()).isEqualTo(TaskIds.createCommand(event.userId, event.eventId));
    assertThat(create.eventId()).isEqualTo(event.eventId);
    assertThat(create.title()).isEqualTo(event.summary);
    assertThat(create.dueTime()).isEqualTo(LocalTime.of(10, 0));
    assertThat(create.timeZone()).isEqualTo("Europe/Berlin");
    assertThat(create.assigneeEmail()).isEqualTo("bob@example.com");
    String taskId = TaskIds.fromEvent(event.userId, event.eventId);
    assertThat(fixture.linkColumn(event.userId, taskId, "state")).isEqualTo("PENDING");

    // task-service reports the task it created: the link becomes active, and the echo of the
    // creation sends nothing to Google.
    TaskCreated created =
        new TaskCreated(
            taskId,
            event.userId,
            create.title(),
            create.description(),
            create.dueDate(),
            create.dueTime(),
            create.timeZone(),
            create.assigneeEmail(),
            TaskStatus.OPEN,
            1,
            Instant.now(),
            Origins.CALENDAR_SYNC,
            create.commandId());
    fixture.awaitProcessed(fixture.publish(created));
    assertThat(fixture.linkColumn(event.userId, taskId, "state")).isEqualTo("ACTIVE");
    assertThat(fixture.upserts(event.userId)).isEmpty();
    assertThat(fixture.taskCommands(event.userId)).hasSize(1);
    assertThat(fixture.history(event.userId))
        .extracting(row -> row.get("action") + "/" + row.get("outcome"))
        .containsExactly("CREATE_TASK/COMMAND_SENT", "NONE/SKIPPED");
  }

  @Test
  void eventChangesThatOvertookTheConnection_areListedAgainOnConnect_andThenBecomeTheirTask()
      throws Exception {
    // The connector's first sync raced ahead of the connection event: the change is skipped.
    EventChangeMother.Event event = EventChangeMother.startingAt(future(11, 0));
    EventChanged early = event.changed();
    fixture.awaitProcessed(fixture.publish(early));
    assertThat(fixture.taskCommands(event.userId)).isEmpty();
    assertThat(fixture.history(event.userId))
        .extracting(row -> row.get("outcome") + "/" + row.get("reason"))
        .containsExactly("SKIPPED/Google Calendar is not connected");

    // Once the connection is known, the orchestrator asks for the calendar to be listed again.
    String connected = fixture.connect(event.userId, SyncMode.TWO_WAY);
    List<FullResyncRequested> requests =
        fixture.records(Topics.SYNC_REQUESTS, event.userId).stream()
            .map(ConsumerRecord::value)
            .map(FullResyncRequested.class::cast)
            .toList();
    assertThat(requests).hasSize(1);
    assertThat(requests.get(0).requestedBy()).isEqualTo("service:sync-orchestrator");

    // A redelivered connection event asks nothing more; the listing's change makes the task.
    fixture.awaitProcessed(
        fixture.publish(
            ConnectionMother.connectedEvent(
                event.userId, ConnectionMother.settings(SyncMode.TWO_WAY)),
            connected));
    fixture.awaitProcessed(fixture.publish(event.changed()));
    assertThat(fixture.records(Topics.SYNC_REQUESTS, event.userId)).hasSize(1);
    assertThat(fixture.taskCommands(event.userId))
        .singleElement()
        .isInstanceOfSatisfying(
            CreateTaskFromEvent.class,
            create -> assertThat(create.eventId()).isEqualTo(event.eventId));
  }

  @Test
  void echoOfOurOwnWrite_sendsNoTaskCommand() throws Exception {
    Linked linked = linkedTask();

    // The connector reports our own write (the etag of CommandApplied), and later the same content
    // under a new etag (e.g. a full resync): both are echoes.
    fixture.awaitProcessed(fixture.publish(linked.event.changed()));
    fixture.awaitProcessed(fixture.publish(linked.event.next(5).changed()));

    assertThat(fixture.taskCommands(linked.task.userId)).isEmpty();
    assertThat(fixture.upserts(linked.task.userId)).hasSize(1);
    assertThat(fixture.history(linked.task.userId))
        .extracting(row -> row.get("action") + "/" + row.get("outcome"))
        .containsExactly("UPSERT_EVENT/COMMAND_SENT", "UPSERT_EVENT/APPLIED");
  }

  @Test
  void editInGoogle_updatesTheTask_atTheVersionItWasMergedWith() throws Exception {
    Linked linked = linkedTask();

    fixture.awaitProcessed(
        fixture.publish(linked.event.next(60).titled("Dentist (moved)").changed()));

    UpdateTaskFromEvent update =
        (UpdateTaskFromEvent) single(fixture.taskCommands(linked.task.userId));
    assertThat(update.taskId()).isEqualTo(linked.task.taskId);
    assertThat(update.expectedVersion()).isEqualTo(1);
    assertThat(update.title()).isEqualTo("Dentist (moved)");
    assertThat(update.description()).isEqualTo(linked.task.description);
    assertThat(fixture.upserts(linked.task.userId)).hasSize(1);
  }

  @Test
  void editInTheCrm_updatesTheEvent_withTheEtagOfTheLink() throws Exception {
    Linked linked = linkedTask();

    fixture.awaitProcessed(fixture.publish(linked.task.titled("Dentist (CRM)").next().updated()));

    List<UpsertEvent> upserts = fixture.upserts(linked.task.userId);
    assertThat(upserts).hasSize(2);
    assertThat(upserts.get(1).summary()).isEqualTo("Dentist (CRM)");
    assertThat(upserts.get(1).expectedEtag()).isEqualTo(linked.event.etag());
    assertThat(fixture.taskCommands(linked.task.userId)).isEmpty();
  }

  @Test
  void bothChangedTheTitle_theMostRecentChangeWins_andTheOverrideIsInTheHistory() throws Exception {
    Linked linked = linkedTask();
    // The CRM renames at 10:01; the push is refused with 412 because Google renamed at 10:02.
    fixture.awaitProcessed(fixture.publish(linked.task.titled("CRM title").next().updated()));
    UpsertEvent refused = fixture.upserts(linked.task.userId).get(1);
    fixture.awaitProcessed(fixture.publish(conflict(refused)));
    fixture.awaitProcessed(
        fixture.publish(linked.event.next(120).titled("Google title").changed()));

    UpdateTaskFromEvent update =
        (UpdateTaskFromEvent) single(fixture.taskCommands(linked.task.userId));
    assertThat(update.title()).isEqualTo("Google title");
    assertThat(update.expectedVersion()).isEqualTo(2);
    assertThat(fixture.upserts(linked.task.userId)).hasSize(2);
    Map<String, String> override =
        fixture.history(linked.task.userId).stream()
            .filter(row -> row.get("outcome").equals("CONFLICT_RESOLVED"))
            .findFirst()
            .orElseThrow();
    assertThat(override.get("detail"))
        .contains("\"field\": \"TITLE\"")
        .contains("\"winner\": \"GOOGLE\"")
        .contains("CRM title")
        .contains("Google title");
  }

  @Test
  void differentFieldsChangedOnEachSide_areBothKept() throws Exception {
    Linked linked = linkedTask();
    linked.task.description = "CRM description";
    fixture.awaitProcessed(fixture.publish(linked.task.next().updated()));
    UpsertEvent refused = fixture.upserts(linked.task.userId).get(1);
    fixture.awaitProcessed(fixture.publish(conflict(refused)));
    EventChanged edited = linked.event.next(120).titled("Google title").changed();
    fixture.awaitProcessed(fixture.publish(edited));

    UpdateTaskFromEvent update =
        (UpdateTaskFromEvent) single(fixture.taskCommands(linked.task.userId));
    assertThat(update.title()).isEqualTo("Google title");
    assertThat(update.description()).isEqualTo("CRM description");
    List<UpsertEvent> upserts = fixture.upserts(linked.task.userId);
    assertThat(upserts).hasSize(3);
    assertThat(upserts.get(2).summary()).isEqualTo("Google title");
    assertThat(upserts.get(2).description()).isEqualTo("CRM description");
    assertThat(upserts.get(2).expectedEtag()).isEqualTo(edited.etag());
    assertThat(fixture.history(linked.task.userId))
        .noneMatch(row -> row.get("outcome").equals("CONFLICT_RESOLVED"));
  }

  @Test
  void cancellation_unlinksTheTask_andTheTombstoneIsNeverRevived() throws Exception {
    Linked linked = linkedTask();
    EventChanged beforeDeletion = linked.event.next(30).titled("late edit").changed();

    fixture.awaitProcessed(fixture.publish(linked.event.cancelled()));
    // The mass-deletion guard applies the deletion once the user's deletions have settled
    // (docs/google-to-crm.md); the link changes in the transaction that sends the command.
    await()
        .atMost(OrchestratorFixture.PROCESSED)
        .until(
            () ->
                "DELETED"
                    .equals(fixture.linkColumn(linked.task.userId, linked.task.taskId, "state")));
    UnlinkTaskFromEvent unlink =
        (UnlinkTaskFromEvent) single(fixture.taskCommands(linked.task.userId));
    assertThat(unlink.reason()).isEqualTo(UnlinkTaskFromEvent.EVENT_DELETED);
    assertThat(unlink.taskId()).isEqualTo(linked.task.taskId);
    assertThat(fixture.linkColumn(linked.task.userId, linked.task.taskId, "state"))
        .isEqualTo("DELETED");
    assertThat(fixture.linkColumn(linked.task.userId, linked.task.taskId, "deleted_by"))
        .isEqualTo("EVENT");

    // A late or replayed change of the deleted event, and a later CRM edit, revive nothing.
    fixture.awaitProcessed(fixture.publish(beforeDeletion));
    fixture.awaitProcessed(fixture.publish(linked.task.titled("edited after").next().updated()));
    assertThat(fixture.taskCommands(linked.task.userId)).hasSize(1);
    assertThat(fixture.upserts(linked.task.userId)).hasSize(1);
    assertThat(fixture.linkColumn(linked.task.userId, linked.task.taskId, "state"))
        .isEqualTo("DELETED");
  }

  @Test
  void pastEvent_sendsNothing_andTheHistorySaysWhy() throws Exception {
    String userId = "user-" + UUID.randomUUID();
    fixture.connect(userId, SyncMode.TWO_WAY);

    EventChanged past = pastEvent(userId);
    fixture.awaitProcessed(fixture.publish(past));

    assertThat(fixture.taskCommands(userId)).isEmpty();
    assertThat(fixture.history(userId))
        .singleElement()
        .satisfies(
            row -> {
              assertThat(row.get("outcome")).isEqualTo("SKIPPED");
              assertThat(row.get("reason")).isEqualTo(EventReason.PAST_EVENT.text());
            });
  }

  @Test
  void crmToGoogleMode_sendsNoTaskCommand_andTheHistorySaysWhy() throws Exception {
    EventChangeMother.Event event = EventChangeMother.startingAt(future(11, 0));
    fixture.connect(event.userId, SyncMode.CRM_TO_GOOGLE);

    fixture.awaitProcessed(fixture.publish(event.changed()));

    assertThat(fixture.taskCommands(event.userId)).isEmpty();
    assertThat(fixture.history(event.userId))
        .singleElement()
        .satisfies(
            row -> assertThat(row.get("reason")).isEqualTo(EventReason.MODE_CRM_TO_GOOGLE.text()));
  }

  // --- fixtures ---

  /** A CRM task pushed to Google, the push applied: both sides agree. */
  private record Linked(TaskEventMother.Task task, EventChangeMother.Event event) {}

  private Linked linkedTask() throws Exception {
    TaskEventMother.Task task = TaskEventMother.dueOnAt(future(9, 30).toLocalDate(), 9, 30);
    task.title = "Dentist";
    task.description = "Bring the insurance card.";
    task.updatedAt = Instant.parse("2026-11-27T10:00:00Z");
    fixture.connect(task.userId, SyncMode.TWO_WAY);
    fixture.awaitProcessed(fixture.publish(task.created()));
    UpsertEvent upsert = single(fixture.upserts(task.userId));
    EventChangeMother.Event event =
        EventChangeMother.startingAt(future(9, 30))
            .of(task.userId)
            .id(upsert.eventId())
            .stampedWith(task.taskId)
            .updatedAt(Instant.parse("2026-11-27T10:00:30Z"));
    event.summary = upsert.summary();
    event.description = upsert.description();
    event.start = upsert.start();
    event.end = upsert.end();
    fixture.awaitProcessed(fixture.publish(applied(upsert, event.etag(), event.updated)));
    return new Linked(task, event);
  }

  private static java.time.ZonedDateTime future(int hour, int minute) {
    return LocalDate.now(BERLIN).plusDays(3).atTime(hour, minute).atZone(BERLIN);
  }

  private static EventChanged pastEvent(String userId) {
    return EventChangeMother.startingAt(
            LocalDate.now(BERLIN).minusDays(2).atTime(9, 0).atZone(BERLIN))
        .of(userId)
        .at(OffsetDateTime.now().minusDays(2))
        .changed();
  }

  private static <T> T single(List<T> items) {
    assertThat(items).hasSize(1);
    return items.get(0);
  }
}
