package io.calsync.task.outbox;

import static io.calsync.task.TaskEventsProbe.ceId;
import static io.calsync.task.TaskEventsProbe.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.calsync.contracts.ContractJson;
import io.calsync.contracts.EventTypes;
import io.calsync.contracts.Topics;
import io.calsync.contracts.cloudevents.CloudEventHeaders;
import io.calsync.contracts.task.Origins;
import io.calsync.contracts.task.TaskCreated;
import io.calsync.contracts.task.TaskDeleted;
import io.calsync.contracts.task.TaskEvent;
import io.calsync.contracts.task.TaskStatus;
import io.calsync.contracts.task.TaskUpdated;
import io.calsync.platform.outbox.OutboxWriter;
import io.calsync.task.Sql;
import io.calsync.task.TaskEventsProbe;
import io.calsync.task.TaskMother;
import io.calsync.task.TestJwts;
import io.calsync.testsupport.CalSyncTestInfrastructure;
import io.calsync.testsupport.PostgresDatabase;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.reactive.AutoConfigureWebTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Every change through the API commits its task row and one outbox row together, and the service's
 * own relay turns that row into exactly one CloudEvents record on {@code crm.task-events}.
 */
// The build machine is shared and often busy: WebTestClient's default 5 s is too tight.
@AutoConfigureWebTestClient(timeout = "60s")
@SpringBootTest(
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {
      "calsync.outbox.relay.poll-interval=200ms",
      // TaskCommandsIT's commands belong to its own database.
      "calsync.task-commands.auto-startup=false"
    })
class TaskOutboxIT {

  private static final ParameterizedTypeReference<Map<String, Object>> JSON =
      new ParameterizedTypeReference<>() {};
  private static final Duration DELIVERY = Duration.ofSeconds(20);
  private static final String FAIL_TITLE = "fail in the outbox";

  private static PostgresDatabase database;

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    database = CalSyncTestInfrastructure.register(registry, "tasks");
  }

  @Autowired WebTestClient http;
  @Autowired OutboxWriter outboxWriter;

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
  void publishesOneCloudEventPerChange_keyedByOwner_withVersionsInOrder() {
    String id = create(TaskMother.dueTomorrowAt(9, 30));
    String path = "/api/v1/tasks/" + id;
    exchange(
        http.put()
            .uri(path)
            .header(HttpHeaders.IF_MATCH, "\"1\"")
            .bodyValue(
                TaskMother.with(TaskMother.dueTomorrowAt(14, 0), "title", "Call Acme (moved)")));
    exchange(http.put().uri(path + "/completion"));
    exchange(http.delete().uri(path + "/completion"));
    exchange(http.delete().uri(path));

    List<ConsumerRecord<String, byte[]>> records = probe.awaitRecords(user::equals, 5, DELIVERY);

    assertThat(records).hasSize(5);
    assertThat(records).extracting(ConsumerRecord::topic).containsOnly(Topics.TASK_EVENTS);
    assertThat(records)
        .extracting(record -> header(record, CloudEventHeaders.TYPE))
        .containsExactly(
            EventTypes.TASK_CREATED,
            EventTypes.TASK_UPDATED,
            EventTypes.TASK_UPDATED,
            EventTypes.TASK_UPDATED,
            EventTypes.TASK_DELETED);
    List<TaskEvent> events = records.stream().map(probe::body).toList();
    assertThat(events).extracting(TaskEvent::version).containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(events)
        .extracting(TaskEvent::getClass)
        .containsExactly(
            TaskCreated.class,
            TaskUpdated.class,
            TaskUpdated.class,
            TaskUpdated.class,
            TaskDeleted.class);
    assertThat(events)
        .extracting(TaskEvent::status)
        .containsExactly(
            TaskStatus.OPEN,
            TaskStatus.OPEN,
            TaskStatus.COMPLETED,
            TaskStatus.OPEN,
            TaskStatus.OPEN);
    assertThat(events).extracting(TaskEvent::taskId).containsOnly(id);
    assertThat(events).extracting(TaskEvent::userId).containsOnly(user);
    assertThat(events).extracting(TaskEvent::origin).containsOnly(Origins.CRM);
    assertThat(events).extracting(TaskEvent::causationId).containsOnlyNulls();
    TaskEvent moved = events.get(1);
    assertThat(moved.title()).isEqualTo("Call Acme (moved)");
    assertThat(moved.dueDate()).isEqualTo(LocalDate.now().plusDays(1));
    assertThat(moved.dueTime()).isEqualTo(LocalTime.of(14, 0));
    assertThat(moved.timeZone()).isEqualTo(TaskMother.ZONE);
    assertThat(moved.assigneeEmail()).isEqualTo("bob@example.com");
    assertThat(events).extracting(TaskEvent::updatedAt).isSorted();

    for (ConsumerRecord<String, byte[]> record : records) {
      assertThat(header(record, CloudEventHeaders.SPEC_VERSION)).isEqualTo("1.0");
      assertThat(header(record, CloudEventHeaders.SOURCE)).isEqualTo("/calsync/task-service");
      assertThat(header(record, CloudEventHeaders.SUBJECT)).isEqualTo(id);
      assertThat(header(record, CloudEventHeaders.CONTENT_TYPE)).isEqualTo("application/json");
      TaskEvent event = probe.body(record);
      // ce_id is the outbox row id; the row holds the same event; ce_time is the change's time.
      List<String> row =
          Sql.strings(
              database,
              "select payload::text from outbox where id = ?::uuid and published_at is not null",
              ceId(record));
      assertThat(row).hasSize(1);
      assertThat(json(row.get(0))).isEqualTo(json(ContractJson.toJson(event)));
      // The record body is byte for byte what the contract serializer writes.
      assertThat(new String(record.value(), StandardCharsets.UTF_8))
          .isEqualTo(ContractJson.toJson(event));
      assertThat(OffsetDateTime.parse(header(record, CloudEventHeaders.TIME)).toInstant())
          .isEqualTo(event.updatedAt());
    }
    assertThat(records).extracting(TaskEventsProbe::ceId).doesNotHaveDuplicates();
    Instant rowUpdatedAt =
        OffsetDateTime.parse(
                Sql.strings(
                        database,
                        "select to_char(updated_at at time zone 'UTC',"
                            + " 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') from task where id = ?::uuid",
                        id)
                    .get(0))
            .toInstant();
    assertThat(events.get(4).updatedAt()).isEqualTo(rowUpdatedAt);
  }

  @Test
  void publishesNothing_whenARequestChangesNothing() {
    String id = create(TaskMother.titled("already open"));
    exchange(http.delete().uri("/api/v1/tasks/" + id + "/completion"));
    String marker = create(TaskMother.titled("marker"));

    List<ConsumerRecord<String, byte[]>> records = probe.awaitRecords(user::equals, 2, DELIVERY);

    assertThat(records)
        .extracting(record -> probe.body(record).taskId())
        .containsExactly(id, marker);
  }

  @Test
  void leavesNeitherTaskNorOutboxRowNorRecord_whenTheOutboxInsertFails() {
    // A failing second statement in the change's transaction: the outbox insert of this title.
    Sql.execute(
        database,
        """
        CREATE OR REPLACE FUNCTION fail_outbox_insert() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF NEW.payload->>'title' = '%s' THEN RAISE EXCEPTION 'outbox insert refused'; END IF;
          RETURN NEW;
        END $$;
        DROP TRIGGER IF EXISTS fail_outbox_insert ON outbox;
        CREATE TRIGGER fail_outbox_insert BEFORE INSERT ON outbox
          FOR EACH ROW EXECUTE FUNCTION fail_outbox_insert();
        """
            .formatted(FAIL_TITLE));
    String id = create(TaskMother.titled("survivor"));

    http.post()
        .uri("/api/v1/tasks")
        .header(HttpHeaders.AUTHORIZATION, TestJwts.bearer(user))
        .bodyValue(TaskMother.titled(FAIL_TITLE))
        .exchange()
        .expectStatus()
        .is5xxServerError();
    http.put()
        .uri("/api/v1/tasks/" + id)
        .header(HttpHeaders.AUTHORIZATION, TestJwts.bearer(user))
        .header(HttpHeaders.IF_MATCH, "\"1\"")
        .bodyValue(TaskMother.titled(FAIL_TITLE))
        .exchange()
        .expectStatus()
        .is5xxServerError();
    String marker = create(TaskMother.titled("marker"));

    assertThat(Sql.strings(database, "select title from task where owner_user_id = ?", user))
        .containsExactlyInAnyOrder("survivor", "marker");
    assertThat(Sql.strings(database, "select version from task where id = ?::uuid", id))
        .containsExactly("1");
    assertThat(Sql.count(database, "select count(*) from outbox where aggregateid = ?", user))
        .isEqualTo(2);
    // The marker was committed after the failures: once it is published, they would have been.
    List<ConsumerRecord<String, byte[]>> records = probe.awaitRecords(user::equals, 2, DELIVERY);
    assertThat(records)
        .extracting(record -> probe.body(record).taskId())
        .containsExactly(id, marker);
    assertThat(records).extracting(record -> probe.body(record).title()).doesNotContain(FAIL_TITLE);
  }

  @Test
  void refusesToWriteAnOutboxRowOutsideATransaction() {
    TaskCreated event =
        new TaskCreated(
            UUID.randomUUID().toString(),
            user,
            "orphan",
            null,
            null,
            null,
            "UTC",
            null,
            TaskStatus.OPEN,
            1,
            Instant.now(),
            Origins.CRM,
            null);

    assertThatThrownBy(() -> outboxWriter.append(event, Instant.now()).block())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("transaction");
    assertThat(Sql.count(database, "select count(*) from outbox where aggregateid = ?", user))
        .isZero();
  }

  private String create(Map<String, Object> body) {
    return (String)
        http.post()
            .uri("/api/v1/tasks")
            .header(HttpHeaders.AUTHORIZATION, TestJwts.bearer(user))
            .bodyValue(body)
            .exchange()
            .expectStatus()
            .isCreated()
            .expectBody(JSON)
            .returnResult()
            .getResponseBody()
            .get("id");
  }

  private void exchange(WebTestClient.RequestHeadersSpec<?> request) {
    request
        .header(HttpHeaders.AUTHORIZATION, TestJwts.bearer(user))
        .exchange()
        .expectStatus()
        .is2xxSuccessful();
  }

  private static JsonNode json(String text) {
    try {
      return new ObjectMapper().readTree(text);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
