package io.calsync.task.commands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.calsync.contracts.Topics;
import io.calsync.contracts.cloudevents.CloudEventHeaders;
import io.calsync.contracts.task.CreateTaskFromEvent;
import io.calsync.contracts.task.Origins;
import io.calsync.contracts.task.TaskCommand;
import io.calsync.contracts.task.TaskCreated;
import io.calsync.contracts.task.TaskEvent;
import io.calsync.contracts.task.TaskStatus;
import io.calsync.contracts.task.TaskUpdated;
import io.calsync.contracts.task.UnlinkTaskFromEvent;
import io.calsync.contracts.task.UpdateTaskFromEvent;
import io.calsync.task.Sql;
import io.calsync.task.TaskEventsProbe;
import io.calsync.task.TestJwts;
import io.calsync.task.tasks.ForeignTaskException;
import io.calsync.testsupport.CalSyncTestInfrastructure;
import io.calsync.testsupport.DeadLetters;
import io.calsync.testsupport.PostgresDatabase;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.reactive.AutoConfigureWebTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpHeaders;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Task commands from {@code crm.task-commands}, through the service's own listener, against the
 * shared Kafka broker and a fresh database: every command id has one effect, and its task event
 * goes out through the outbox with origin {@code calendar-sync} and the command as causation.
 *
 * <p>"Nothing published" is shown by a later command of the same user (same key, same partition,
 * applied in order): once its event is out, an earlier command's event would be out too.
 */
// The build machine is shared and often busy: WebTestClient's default 5 s is too tight.
@AutoConfigureWebTestClient(timeout = "60s")
@SpringBootTest(
    properties = {
      // Its own group: the contexts of other test classes do not consume commands at all.
      "spring.kafka.consumer.group-id=task-commands-it",
      "calsync.outbox.relay.poll-interval=200ms"
    })
class TaskCommandsIT {

  private static final Duration DELIVERY = Duration.ofSeconds(30);

  /**
   * Longer than the first retry would take but far shorter than the whole back-off (about a
   * minute): a record that arrives in the dead-letter topic within it was not retried.
   */
  private static final Duration WITHOUT_RETRIES = Duration.ofSeconds(20);

  private static final String CALENDAR = "alice@example.com";
  private static final String ZONE = "Europe/Berlin";

  private static PostgresDatabase database;

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    database = CalSyncTestInfrastructure.register(registry, "tasks");
  }

  @Autowired KafkaTemplate<Object, Object> kafka;
  @Autowired WebTestClient http;

  private final String user = "user-" + UUID.randomUUID();
  private TaskEventsProbe probe;

  @BeforeEach
  void openProbe() {
    probe = TaskEventsProbe.fromNow();
  }

  @AfterEach
  void closeProbe() {
    probe.close();
  }

  @Test
  void createsTheTaskWithTheDerivedId_andPublishesTaskCreatedFromCalendarSync() throws Exception {
    CreateTaskFromEvent create = create("evt-dentist", "Dentist");

    send(create);

    List<TaskEvent> events = events(1);
    UUID expectedId =
        UUID.nameUUIDFromBytes(
            ("calsync-task-from-event\u0000" + user + "\u0000evt-dentist")
                .getBytes(StandardCharsets.UTF_8));
    assertThat(events.get(0))
        .isEqualTo(
            new TaskCreated(
                expectedId.toString(),
                user,
                "Dentist",
                "Bring the insurance card.",
                create.dueDate(),
                LocalTime.of(8, 0),
                ZONE,
                "bob@example.com",
                TaskStatus.OPEN,
                1,
                events.get(0).updatedAt(),
                Origins.CALENDAR_SYNC,
                create.commandId()));
    assertThat(
            Sql.strings(
                database,
                "select concat_ws('|', owner_user_id, calendar_id, event_id, version)"
                    + " from task where id = ?",
                expectedId))
        .containsExactly(user + "|" + CALENDAR + "|evt-dentist|1");
  }

  @Test
  void appliesACreateDeliveredThreeTimes_andACreateResentUnderANewId_once() throws Exception {
    CreateTaskFromEvent create = create("evt-standup", "Stand-up");
    CreateTaskFromEvent resent = withCommandId(create, UUID.randomUUID().toString());

    send(create);
    send(create);
    send(create);
    send(resent);
    CreateTaskFromEvent marker = create("evt-marker", "Marker");
    send(marker);

    List<TaskEvent> events = events(2);
    assertThat(events)
        .extracting(TaskEvent::causationId)
        .containsExactly(create.commandId(), marker.commandId());
    assertThat(Sql.count(database, "select count(*) from task where owner_user_id = ?", user))
        .isEqualTo(2);
    assertThat(
            Sql.count(
                database,
                "select count(*) from processed_message where message_id in (?, ?)",
                create.commandId(),
                resent.commandId()))
        .isEqualTo(2);
    assertThat(probe.records(user::equals)).hasSize(2);
  }

  @Test
  void updatePublishesTaskUpdatedWithTheNewFields_andSkipsAStaleVersion() throws Exception {
    CreateTaskFromEvent create = create("evt-review", "Review");
    send(create);
    TaskEvent created = events(1).get(0);
    UpdateTaskFromEvent update =
        new UpdateTaskFromEvent(
            UUID.randomUUID().toString(),
            user,
            created.taskId(),
            CALENDAR,
            "evt-review",
            1,
            "Review (moved)",
            null,
            create.dueDate().plusDays(1),
            LocalTime.of(15, 30),
            "America/New_York",
            "carol@example.com");

    send(update);
    send(update);
    // Based on version 1 again: the task is at version 2 now, so the CRM "changed meanwhile".
    UpdateTaskFromEvent stale = withCommandId(update, UUID.randomUUID().toString());
    send(stale);
    CreateTaskFromEvent marker = create("evt-marker", "Marker");
    send(marker);

    List<TaskEvent> events = events(3);
    assertThat(events.get(1))
        .isEqualTo(
            new TaskUpdated(
                created.taskId(),
                user,
                "Review (moved)",
                null,
                create.dueDate().plusDays(1),
                LocalTime.of(15, 30),
                "America/New_York",
                "carol@example.com",
                TaskStatus.OPEN,
                2,
                events.get(1).updatedAt(),
                Origins.CALENDAR_SYNC,
                update.commandId()));
    assertThat(events.get(2).causationId()).isEqualTo(marker.commandId());
    assertThat(probe.records(user::equals)).hasSize(3);
    assertThat(
            Sql.strings(
                database,
                "select concat_ws('|', title, version) from task where id = ?",
                UUID.fromString(created.taskId())))
        .containsExactly("Review (moved)|2");
    assertThat(
            Sql.count(
                database,
                "select count(*) from processed_message where message_id = ?",
                stale.commandId()))
        .isEqualTo(1);
  }

  @Test
  void unlinkKeepsTheTask_clearsItsLink_andPublishesTaskUpdated() throws Exception {
    CreateTaskFromEvent create = create("evt-lunch", "Lunch");
    send(create);
    TaskEvent created = events(1).get(0);
    UnlinkTaskFromEvent unlink = unlink(created.taskId(), "evt-lunch");
    UnlinkTaskFromEvent ofMissingTask = unlink(UUID.randomUUID().toString(), "evt-gone");

    send(unlink);
    send(unlink);
    send(ofMissingTask);
    CreateTaskFromEvent marker = create("evt-marker", "Marker");
    send(marker);

    List<TaskEvent> events = events(3);
    TaskEvent unlinked = events.get(1);
    assertThat(unlinked).isInstanceOf(TaskUpdated.class);
    assertThat(unlinked.taskId()).isEqualTo(created.taskId());
    assertThat(unlinked.version()).isEqualTo(2);
    assertThat(unlinked.title()).isEqualTo("Lunch");
    assertThat(unlinked.dueDate()).isEqualTo(create.dueDate());
    assertThat(unlinked.origin()).isEqualTo(Origins.CALENDAR_SYNC);
    assertThat(unlinked.causationId()).isEqualTo(unlink.commandId());
    assertThat(events.get(2).causationId()).isEqualTo(marker.commandId());
    assertThat(probe.records(user::equals)).hasSize(3);
    assertThat(
            Sql.strings(
                database,
                "select concat_ws('|', title, coalesce(calendar_id, '-'), coalesce(event_id, '-'),"
                    + " unlinked_reason, deleted_at is null) from task where id = ?",
                UUID.fromString(created.taskId())))
        .containsExactly("Lunch|-|-|EVENT_DELETED|t");
    http.get()
        .uri("/api/v1/tasks/{id}", created.taskId())
        .header(HttpHeaders.AUTHORIZATION, TestJwts.bearer(user))
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.unlinkedReason")
        .isEqualTo(UnlinkTaskFromEvent.EVENT_DELETED)
        .jsonPath("$.eventId")
        .doesNotExist()
        .jsonPath("$.version")
        .isEqualTo(2);
    assertThat(
            Sql.count(
                database,
                "select count(*) from processed_message where message_id = ?",
                ofMissingTask.commandId()))
        .isEqualTo(1);
  }

  @Test
  void deadLettersCommandsForAnotherUserWithoutRetrying_andAppliesTheNextCommand()
      throws Exception {
    String otherUser = "user-" + UUID.randomUUID();
    CreateTaskFromEvent othersCreate =
        new CreateTaskFromEvent(
            UUID.randomUUID().toString(),
            otherUser,
            CALENDAR,
            "evt-private",
            "Private",
            null,
            LocalDate.now().plusDays(3),
            null,
            ZONE,
            null);
    kafka.send(Topics.TASK_COMMANDS, otherUser, othersCreate).get(10, TimeUnit.SECONDS);
    UUID othersTask =
        UUID.nameUUIDFromBytes(
            ("calsync-task-from-event\u0000" + otherUser + "\u0000evt-private")
                .getBytes(StandardCharsets.UTF_8));
    await()
        .atMost(DELIVERY)
        .until(
            () -> Sql.count(database, "select count(*) from task where id = ?", othersTask) == 1);

    // Keyed by this user (so on this user's partition) but naming the other user's task.
    UnlinkTaskFromEvent foreign =
        new UnlinkTaskFromEvent(
            UUID.randomUUID().toString(),
            user,
            othersTask.toString(),
            CALENDAR,
            "evt-private",
            UnlinkTaskFromEvent.EVENT_DELETED);
    // Keyed by another user than the command's.
    CreateTaskFromEvent misKeyed = create("evt-mis-keyed", "Mis-keyed");
    send(foreign);
    kafka.send(Topics.TASK_COMMANDS, user + "-other", misKeyed).get(10, TimeUnit.SECONDS);
    CreateTaskFromEvent next = create("evt-next", "Next");
    send(next);

    List<TaskEvent> events = events(1);
    assertThat(events.get(0).causationId()).isEqualTo(next.commandId());
    List<ConsumerRecord<String, byte[]>> dead =
        DeadLetters.await(Topics.TASK_COMMANDS, user, 1, WITHOUT_RETRIES);
    assertThat(dead).hasSize(1);
    assertThat(DeadLetters.text(dead.get(0), KafkaHeaders.DLT_EXCEPTION_STACKTRACE))
        .contains(ForeignTaskException.class.getName());
    assertThat(DeadLetters.text(dead.get(0), CloudEventHeaders.TYPE))
        .isEqualTo("io.calsync.task.unlink-from-event.v1");
    List<ConsumerRecord<String, byte[]>> misKeyedDead =
        DeadLetters.await(Topics.TASK_COMMANDS, user + "-other", 1, WITHOUT_RETRIES);
    assertThat(DeadLetters.text(misKeyedDead.get(0), KafkaHeaders.DLT_EXCEPTION_STACKTRACE))
        .contains("record key is not the command's userId");
    assertThat(
            Sql.strings(
                database,
                "select concat_ws('|', owner_user_id, coalesce(unlinked_reason, '-'), version)"
                    + " from task where id = ?",
                othersTask))
        .containsExactly(otherUser + "|-|1");
    assertThat(
            Sql.count(
                database,
                "select count(*) from processed_message where message_id in (?, ?)",
                foreign.commandId(),
                misKeyed.commandId()))
        .isZero();
  }

  private CreateTaskFromEvent create(String eventId, String title) {
    return new CreateTaskFromEvent(
        UUID.randomUUID().toString(),
        user,
        CALENDAR,
        eventId,
        title,
        "Bring the insurance card.",
        LocalDate.now().plusDays(2),
        LocalTime.of(8, 0),
        ZONE,
        "bob@example.com");
  }

  private UnlinkTaskFromEvent unlink(String taskId, String eventId) {
    return new UnlinkTaskFromEvent(
        UUID.randomUUID().toString(),
        user,
        taskId,
        CALENDAR,
        eventId,
        UnlinkTaskFromEvent.EVENT_DELETED);
  }

  private static CreateTaskFromEvent withCommandId(CreateTaskFromEvent c, String commandId) {
    return new CreateTaskFromEvent(
        commandId,
        c.userId(),
        c.calendarId(),
        c.eventId(),
        c.title(),
        c.description(),
        c.dueDate(),
        c.dueTime(),
        c.timeZone(),
        c.assigneeEmail());
  }

  private static UpdateTaskFromEvent withCommandId(UpdateTaskFromEvent c, String commandId) {
    return new UpdateTaskFromEvent(
        commandId,
        c.userId(),
        c.taskId(),
        c.calendarId(),
        c.eventId(),
        c.expectedVersion(),
        c.title(),
        c.description(),
        c.dueDate(),
        c.dueTime(),
        c.timeZone(),
        c.assigneeEmail());
  }

  private void send(TaskCommand command) throws Exception {
    kafka.send(Topics.TASK_COMMANDS, command.userId(), command).get(10, TimeUnit.SECONDS);
  }

  /** Waits for at least {@code count} task events of this test's user and returns them. */
  private List<TaskEvent> events(int count) {
    return probe.awaitRecords(user::equals, count, DELIVERY).stream().map(probe::body).toList();
  }
}
