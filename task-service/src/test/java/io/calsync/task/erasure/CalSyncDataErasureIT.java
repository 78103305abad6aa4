package io.calsync.task.erasure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.calsync.contracts.Topics;
import io.calsync.contracts.cloudevents.CloudEventAttributes;
import io.calsync.contracts.task.CreateTaskFromEvent;
import io.calsync.contracts.task.TaskCommand;
import io.calsync.contracts.task.UpdateTaskFromEvent;
import io.calsync.task.Sql;
import io.calsync.testsupport.CalSyncTestInfrastructure;
import io.calsync.testsupport.PostgresDatabase;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A tombstone on {@code sync.connection-events} erases what CalSync stored about the user in
 * task-service, through the service's own listeners, real Kafka and PostgreSQL: the user's tasks
 * stay (they are the CRM's), their calendar link, inbox rows and published outbox rows go; another
 * user is untouched; a task command sent before the erase links nothing again.
 */
@SpringBootTest(
    properties = {
      "spring.kafka.consumer.group-id=task-erasure-it-commands",
      "calsync.outbox.relay.poll-interval=200ms"
    })
// Closed afterwards: a live context of this class would apply later classes' task commands.
@DirtiesContext
class CalSyncDataErasureIT {

  private static final Duration PROMPTLY = Duration.ofSeconds(30);
  private static final String CALENDAR = "alice@example.com";

  /** What CalSync stored about a user, by table: the SQL counting it for the user ({@code ?}). */
  private static final Map<String, String> CALSYNC_DATA =
      Map.of(
          "task",
          "SELECT count(*) FROM task WHERE owner_user_id = ? AND (calendar_id IS NOT NULL"
              + " OR event_id IS NOT NULL OR unlinked_reason IS NOT NULL)",
          "processed_message",
          "SELECT count(*) FROM processed_message WHERE user_id = ?",
          "outbox",
          "SELECT count(*) FROM outbox WHERE aggregateid = ? AND published_at IS NOT NULL");

  /**
   * Tables with a user column whose rows are deliberately not deleted, and why. Any other table
   * with a column named like {@code %user%} must be in {@link #CALSYNC_DATA}.
   */
  private static final Map<String, String> KEPT =
      Map.of(
          "task", "the CRM's tasks: only their calendar link columns are CalSync's (cleared)",
          "erased_user", "the pseudonymous marker (SHA-256 of the user id, no id)");

  private static PostgresDatabase database;

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    database = CalSyncTestInfrastructure.register(registry, "tasks_erasure");
    registry.add("calsync.erasure.consumer-group", () -> "task-erasure-it-" + UUID.randomUUID());
  }

  @Autowired KafkaTemplate<Object, Object> kafka;

  @Test
  void aTombstone_erasesCalSyncsDataOfTheUser_keepsTheTasks_andLeavesAnotherUserAlone()
      throws Exception {
    String a = "user-" + UUID.randomUUID();
    String b = "user-" + UUID.randomUUID();
    String taskOfA = linkedTask(a, "evt-a");
    linkedTask(b, "evt-b");
    Map<String, Long> beforeB = calSyncData(b);
    assertThat(calSyncData(a)).allSatisfy((table, rows) -> assertThat(rows).as(table).isPositive());
    String taskRowOfA = taskRow(taskOfA);

    Instant erasedAt = Instant.now();
    send(tombstone(a, erasedAt));

    await()
        .atMost(PROMPTLY)
        .untilAsserted(
            () ->
                assertThat(calSyncData(a))
                    .allSatisfy((table, rows) -> assertThat(rows).as(table).isZero()));
    assertThat(calSyncData(b)).isEqualTo(beforeB);
    assertThat(taskRow(taskOfA)).as("the CRM's fields, version unchanged").isEqualTo(taskRowOfA);
    assertThat(Sql.count(database, "SELECT count(*) FROM task WHERE owner_user_id = ?", a))
        .as("the CRM's tasks stay")
        .isEqualTo(1);

    // An update the orchestrator sent just before the erase, then a create sent after a reconnect
    // (same key and partition, applied in this order).
    UpdateTaskFromEvent late = update(a, taskOfA, "evt-a", "Renamed before the erase");
    CreateTaskFromEvent afterReconnect = create(a, "evt-after");
    send(record(late, erasedAt.minusSeconds(2)));
    send(record(afterReconnect, Instant.now()));

    await()
        .atMost(PROMPTLY)
        .until(
            () ->
                Sql.count(
                        database,
                        "SELECT count(*) FROM processed_message WHERE message_id = ?",
                        afterReconnect.commandId())
                    == 1);
    assertThat(
            Sql.count(
                database,
                "SELECT count(*) FROM processed_message WHERE message_id = ?",
                late.commandId()))
        .isZero();
    assertThat(taskRow(taskOfA)).isEqualTo(taskRowOfA);
    assertThat(
            Sql.count(
                database,
                "SELECT count(*) FROM task WHERE id = ?::uuid AND event_id IS NULL",
                taskOfA))
        .as("the late update did not link the task again")
        .isEqualTo(1);
  }

  @Test
  void everyTableWithAUserColumn_isErasedOrAnExplicitException() {
    Set<String> tables =
        new TreeSet<>(
            Sql.strings(
                database,
                "SELECT DISTINCT table_name FROM information_schema.columns"
                    + " WHERE table_schema = current_schema() AND column_name ILIKE ?",
                "%user%"));
    Set<String> covered = new TreeSet<>(CALSYNC_DATA.keySet());
    covered.addAll(KEPT.keySet());
    assertThat(covered).as("tables that hold user rows").containsAll(tables);
  }

  /** A task created from an event by a command: link columns, an inbox row, a published event. */
  private String linkedTask(String userId, String eventId) throws Exception {
    CreateTaskFromEvent create = create(userId, eventId);
    send(record(create, Instant.now()));
    await()
        .atMost(PROMPTLY)
        .until(
            () ->
                Sql.count(
                        database,
                        "SELECT count(*) FROM outbox WHERE aggregateid = ?"
                            + " AND published_at IS NOT NULL",
                        userId)
                    == 1);
    return Sql.strings(database, "SELECT id::text FROM task WHERE event_id = ?", eventId).get(0);
  }

  private static CreateTaskFromEvent create(String userId, String eventId) {
    return new CreateTaskFromEvent(
        UUID.randomUUID().toString(),
        userId,
        CALENDAR,
        eventId,
        "Dentist",
        "Bring the insurance card.",
        LocalDate.now().plusDays(2),
        LocalTime.of(8, 0),
        "Europe/Berlin",
        null);
  }

  private static UpdateTaskFromEvent update(
      String userId, String taskId, String eventId, String title) {
    return new UpdateTaskFromEvent(
        UUID.randomUUID().toString(),
        userId,
        taskId,
        CALENDAR,
        eventId,
        1,
        title,
        null,
        LocalDate.now().plusDays(3),
        LocalTime.of(9, 0),
        "Europe/Berlin",
        null);
  }

  private String taskRow(String taskId) {
    return Sql.strings(
            database,
            "SELECT concat_ws('|', owner_user_id, title, description, due_date, due_time,"
                + " time_zone, status, version, updated_at) FROM task WHERE id = ?::uuid",
            taskId)
        .get(0);
  }

  private static Map<String, Long> calSyncData(String userId) {
    Map<String, Long> counts = new LinkedHashMap<>();
    CALSYNC_DATA.forEach((table, sql) -> counts.put(table, Sql.count(database, sql, userId)));
    return counts;
  }

  private static ProducerRecord<Object, Object> tombstone(String userId, Instant erasedAt) {
    ProducerRecord<Object, Object> record =
        new ProducerRecord<>(Topics.CONNECTION_EVENTS, userId, null);
    CloudEventAttributes.withId(UUID.randomUUID().toString())
        .time(erasedAt)
        .applyTo(record.headers());
    return record;
  }

  private static ProducerRecord<Object, Object> record(TaskCommand command, Instant producedAt) {
    ProducerRecord<Object, Object> record =
        new ProducerRecord<>(Topics.TASK_COMMANDS, command.userId(), command);
    CloudEventAttributes.withId(command.commandId()).time(producedAt).applyTo(record.headers());
    return record;
  }

  private void send(ProducerRecord<Object, Object> record) throws Exception {
    kafka.send(record).get(10, TimeUnit.SECONDS);
  }
}
