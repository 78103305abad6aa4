package io.calsync.orchestrator.guard;

import static io.calsync.orchestrator.crmtogoogle.CommandResultMother.applied;
import static io.calsync.orchestrator.fixture.ConnectionMother.OWNER_EMAIL;
import static io.calsync.orchestrator.fixture.OrchestratorFixture.PROCESSED;
import static io.calsync.orchestrator.fixture.TaskEventMother.dueTomorrowAt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.calsync.contracts.calendar.CalendarCommand;
import io.calsync.contracts.calendar.DeleteEvent;
import io.calsync.contracts.calendar.EventChanged;
import io.calsync.contracts.calendar.SyncKind;
import io.calsync.contracts.calendar.UpsertEvent;
import io.calsync.contracts.connection.SyncMode;
import io.calsync.contracts.task.UnlinkTaskFromEvent;
import io.calsync.orchestrator.fixture.OrchestratorFixture;
import io.calsync.orchestrator.fixture.TaskEventMother;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The mass-deletion guard through real Kafka and PostgreSQL: deletions in either direction are
 * published as the connector and a CRM service would, and the commands are read from {@code
 * crm.task-commands} and {@code calendar.commands}. Settle 1 s, sweeps every 200 ms.
 */
@SpringBootTest(
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {
      "calsync.deletion-guard.settle=1s",
      "calsync.deletion-guard.sweep-interval=200ms"
    })
@DirtiesContext
class DeletionGuardIT {

  private static final Duration SETTLE = Duration.ofSeconds(1);
  private static final int MANY = 12;

  private static final OrchestratorFixture fixture = new OrchestratorFixture("/crm/billing");

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    fixture.register(registry, "deletion-guard-it");
  }

  @Autowired WebTestClient http;
  @Autowired MeterRegistry meters;

  @Value("${calsync.security.jwt.secret}")
  String jwtSecret;

  @AfterAll
  static void closeClients() {
    fixture.close();
  }

  // --- acceptance: 12 events deleted at once in Google ---

  @Test
  void twelveEventsDeletedInGoogle_changeNoTask_untilTheUserApplies_thenExactlyThoseAreUnlinked()
      throws Exception {
    List<Linked> linked = linkedTasks(MANY);
    String userId = linked.get(0).task.userId;

    List<String> cancellations = new ArrayList<>();
    for (Linked link : linked) {
      cancellations.add(fixture.publish(cancelled(link)));
    }
    cancellations.forEach(fixture::awaitProcessed);
    awaitHold(userId);

    // Held: nothing reaches task-service, one history entry says so, the API lists them.
    pause(SETTLE.multipliedBy(2));
    assertThat(unlinks(userId)).isEmpty();
    assertThat(holdEntries(userId)).hasSize(1);
    assertThat(holdEntries(userId).get(0).get("reason")).startsWith("12 deletions held");
    List<Map<String, Object>> held = held(userId);
    assertThat(held).hasSize(MANY);
    assertThat(held)
        .allSatisfy(
            item -> {
              assertThat(item).containsEntry("direction", "GOOGLE_TO_CRM");
              assertThat(item).containsEntry("effect", "UNLINK_TASK");
            });
    assertThat(held)
        .extracting(item -> item.get("taskTitle"))
        .containsExactlyInAnyOrderElementsOf(linked.stream().map(l -> l.task.title).toList());
    assertThat(heldGauge()).isGreaterThanOrEqualTo(MANY);
    assertThat(fixture.linkColumn(userId, linked.get(0).task.taskId, "state")).isEqualTo("ACTIVE");

    // A redelivery and a re-listing of a held deletion add nothing.
    fixture.publish(cancelled(linked.get(0)), cancellations.get(0));
    fixture.awaitProcessed(fixture.publish(cancelled(linked.get(0))));
    assertThat(
            fixture.count(
                "SELECT count(*) FROM held_deletion WHERE task_id = ?", linked.get(0).task.taskId))
        .isEqualTo(1);

    // Applying sends exactly the held deletions, once.
    Map<String, Object> result = decide(userId, "APPLY");
    assertThat(result).containsEntry("applied", MANY).containsEntry("held", MANY);
    List<UnlinkTaskFromEvent> unlinks = unlinks(userId);
    assertThat(unlinks)
        .extracting(UnlinkTaskFromEvent::taskId)
        .containsExactlyInAnyOrderElementsOf(linked.stream().map(l -> l.task.taskId).toList());
    for (Linked link : linked) {
      assertThat(fixture.linkColumn(userId, link.task.taskId, "state")).isEqualTo("DELETED");
      assertThat(fixture.linkColumn(userId, link.task.taskId, "deleted_by")).isEqualTo("EVENT");
    }
    assertThat(decide(userId, "APPLY")).containsEntry("applied", 0).containsEntry("held", 0);
    assertThat(unlinks(userId)).hasSize(MANY);
    assertThat(held(userId)).isEmpty();
    assertThat(fixture.history(userId))
        .filteredOn(row -> row.get("action").equals("APPLY_DELETIONS"))
        .hasSize(1);
  }

  @Test
  void twelveEventsDeletedInGoogle_keep_restoresEachEvent_andKeepsTheLinksActive()
      throws Exception {
    List<Linked> linked = linkedTasks(MANY);
    String userId = linked.get(0).task.userId;
    for (Linked link : linked) {
      fixture.publish(cancelled(link));
    }
    awaitHold(userId);
    int upsertsBefore = fixture.upserts(userId).size();

    // A CRM edit of a held link waits for the decision (skipped, with the reason).
    TaskEventMother.Task edited = linked.get(0).task;
    fixture.awaitProcessed(fixture.publish(edited.titled("Edited while held").next().updated()));
    assertThat(fixture.upserts(userId)).hasSize(upsertsBefore);
    assertThat(fixture.history(userId, edited.taskId))
        .extracting(row -> row.get("reason"))
        .contains(DeletionGuard.DELETION_HELD_TEXT);

    Map<String, Object> result = decide(userId, "KEEP");
    assertThat(result).containsEntry("kept", MANY).containsEntry("restored", MANY);

    assertThat(unlinks(userId)).isEmpty();
    assertThat(fixture.upserts(userId)).hasSize(upsertsBefore + MANY);
    List<UpsertEvent> restores =
        fixture.upserts(userId).subList(upsertsBefore, upsertsBefore + MANY);
    assertThat(restores).allSatisfy(upsert -> assertThat(upsert.expectedEtag()).isNull());
    assertThat(restores)
        .extracting(UpsertEvent::eventId)
        .containsExactlyInAnyOrderElementsOf(linked.stream().map(l -> l.eventId).toList());
    assertThat(restores)
        .filteredOn(upsert -> upsert.taskId().equals(edited.taskId))
        .singleElement()
        .satisfies(upsert -> assertThat(upsert.summary()).isEqualTo("Edited while held"));
    for (Linked link : linked) {
      assertThat(fixture.linkColumn(userId, link.task.taskId, "state")).isEqualTo("ACTIVE");
    }
    assertThat(held(userId)).isEmpty();
    assertThat(decide(userId, "KEEP")).containsEntry("kept", 0);
    assertThat(fixture.upserts(userId)).hasSize(upsertsBefore + MANY);
    assertThat(fixture.history(userId))
        .filteredOn(row -> row.get("action").equals("KEEP_DELETIONS"))
        .singleElement()
        .satisfies(row -> assertThat(row.get("outcome")).isEqualTo("KEPT"));
  }

  // --- acceptance: 12 tasks deleted at once in the CRM ---

  @Test
  void twelveTasksDeletedInTheCrm_deleteNoEvent_untilTheUserApplies_thenExactlyThose()
      throws Exception {
    List<Linked> linked = linkedTasks(MANY);
    String userId = linked.get(0).task.userId;
    List<String> deletions = new ArrayList<>();
    for (Linked link : linked) {
      deletions.add(fixture.publish(link.task.next().deleted()));
    }
    deletions.forEach(fixture::awaitProcessed);
    awaitHold(userId);

    // The rest of the user's sync goes on: a new task is pushed, and so is another user's.
    TaskEventMother.Task another = dueTomorrowAt(16, 0).of(userId);
    fixture.awaitProcessed(fixture.publish(another.created()));
    assertThat(fixture.calendarCommands(userId, another.taskId)).hasSize(1);
    TaskEventMother.Task otherUser = dueTomorrowAt(17, 0);
    fixture.connect(otherUser.userId, SyncMode.TWO_WAY);
    fixture.awaitProcessed(fixture.publish(otherUser.created()));
    assertThat(fixture.calendarCommands(otherUser.userId)).hasSize(1);

    pause(SETTLE.multipliedBy(2));
    assertThat(eventDeletions(userId)).isEmpty();
    assertThat(holdEntries(userId)).hasSize(1);
    assertThat(held(userId))
        .hasSize(MANY)
        .allSatisfy(item -> assertThat(item).containsEntry("effect", "DELETE_EVENT"));

    assertThat(decide(userId, "APPLY")).containsEntry("applied", MANY);
    assertThat(eventDeletions(userId))
        .extracting(DeleteEvent::eventId)
        .containsExactlyInAnyOrderElementsOf(linked.stream().map(l -> l.eventId).toList());
    assertThat(decide(userId, "APPLY")).containsEntry("applied", 0);
    assertThat(eventDeletions(userId)).hasSize(MANY);
  }

  @Test
  void twelveTasksDeletedInTheCrm_keep_deletesNoEvent_andClosesTheLinks() throws Exception {
    List<Linked> linked = linkedTasks(MANY);
    String userId = linked.get(0).task.userId;
    for (Linked link : linked) {
      fixture.publish(link.task.next().deleted());
    }
    awaitHold(userId);

    assertThat(decide(userId, "KEEP")).containsEntry("kept", MANY).containsEntry("restored", 0);
    pause(SETTLE.multipliedBy(2));
    assertThat(eventDeletions(userId)).isEmpty();
    for (Linked link : linked) {
      assertThat(fixture.linkColumn(userId, link.task.taskId, "state")).isEqualTo("DELETED");
    }
    assertThat(held(userId)).isEmpty();
  }

  // --- below the thresholds ---

  @Test
  void aFewDeletions_areAppliedAfterTheSettleDelay_withoutAHold() throws Exception {
    List<Linked> linked = linkedTasks(8);
    String userId = linked.get(0).task.userId;
    fixture.publish(cancelled(linked.get(0)));
    fixture.publish(linked.get(1).task.next().deleted());
    fixture.awaitProcessed(fixture.publish(linked.get(2).task.next().deleted()));

    await().atMost(PROCESSED).until(() -> eventDeletions(userId).size() == 2);
    await().atMost(PROCESSED).until(() -> unlinks(userId).size() == 1);
    assertThat(unlinks(userId).get(0).taskId()).isEqualTo(linked.get(0).task.taskId);
    assertThat(holdEntries(userId)).isEmpty();
    assertThat(held(userId)).isEmpty();
    // Each waited at least the settle delay.
    assertThat(
            fixture.count(
                "SELECT count(*) FROM held_deletion WHERE user_id = ? AND state = 'APPLIED'"
                    + " AND decided_at >= created_at + interval '1 second'",
                userId))
        .isEqualTo(3);
    assertThat(fixture.history(userId))
        .extracting(row -> row.get("action") + "/" + row.get("outcome"))
        .contains("UNLINK_TASK/COMMAND_SENT", "DELETE_EVENT/COMMAND_SENT");
  }

  @Test
  void everyEventOfACalendarGone_isHeld_belowTheCountThreshold() throws Exception {
    List<Linked> linked = linkedTasks(3);
    String userId = linked.get(0).task.userId;
    for (Linked link : linked) {
      fixture.publish(cancelled(link));
    }
    awaitHold(userId);
    assertThat(held(userId)).hasSize(3);
    assertThat(unlinks(userId)).isEmpty();
  }

  // --- the API ---

  @Test
  void decisionsApi_rejectsOtherDecisions_asProblemDetails() throws Exception {
    String token = token("user-bad-input");
    for (String body : List.of("{\"decision\":\"MAYBE\"}", "{}", "not json")) {
      http.post()
          .uri(HeldDeletionController.DECISIONS_PATH)
          .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
          .contentType(MediaType.APPLICATION_JSON)
          .bodyValue(body)
          .exchange()
          .expectStatus()
          .isBadRequest()
          .expectHeader()
          .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    }
    http.get().uri(HeldDeletionController.PATH).exchange().expectStatus().isUnauthorized();
  }

  @Test
  void heldDeletionsApi_allowsTheSettingsPageOrigin() {
    http.options()
        .uri(HeldDeletionController.DECISIONS_PATH)
        .header(HttpHeaders.ORIGIN, "http://localhost:8084")
        .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST")
        .header(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS, "Authorization, Content-Type")
        .exchange()
        .expectStatus()
        .isOk()
        .expectHeader()
        .valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "http://localhost:8084");
    http.options()
        .uri(HeldDeletionController.PATH)
        .header(HttpHeaders.ORIGIN, "http://evil.example")
        .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "GET")
        .exchange()
        .expectStatus()
        .isForbidden();
  }

  // --- fixtures ---

  /** A task pushed to Google and applied there: its event id is known. */
  private record Linked(TaskEventMother.Task task, String eventId) {}

  /** {@code count} tasks of one fresh user, each linked to its event. */
  private List<Linked> linkedTasks(int count) throws Exception {
    String userId = "user-" + java.util.UUID.randomUUID();
    fixture.connect(userId, SyncMode.TWO_WAY);
    List<TaskEventMother.Task> tasks = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      TaskEventMother.Task task = dueTomorrowAt(8, i * 2).of(userId).titled("Task " + i);
      tasks.add(task);
      fixture.publish(task.created());
    }
    await().atMost(PROCESSED).until(() -> fixture.upserts(userId).size() == count);
    List<Linked> linked = new ArrayList<>();
    String last = null;
    for (UpsertEvent upsert : fixture.upserts(userId)) {
      last = fixture.publish(applied(upsert, "\"etag-" + upsert.taskId() + "\"", Instant.now()));
      TaskEventMother.Task task =
          tasks.stream().filter(t -> t.taskId.equals(upsert.taskId())).findFirst().orElseThrow();
      linked.add(new Linked(task, upsert.eventId()));
    }
    fixture.awaitProcessed(last);
    return linked;
  }

  private static EventChanged cancelled(Linked link) {
    return EventChanged.cancelled(
        link.task.userId, OWNER_EMAIL, link.eventId, SyncKind.INCREMENTAL);
  }

  private void awaitHold(String userId) {
    await().atMost(PROCESSED).until(() -> !holdEntries(userId).isEmpty());
  }

  private List<Map<String, String>> holdEntries(String userId) throws Exception {
    return fixture.history(userId).stream()
        .filter(row -> row.get("action").equals("HOLD_DELETIONS"))
        .toList();
  }

  private List<UnlinkTaskFromEvent> unlinks(String userId) {
    return fixture.taskCommands(userId).stream()
        .filter(UnlinkTaskFromEvent.class::isInstance)
        .map(UnlinkTaskFromEvent.class::cast)
        .toList();
  }

  private List<DeleteEvent> eventDeletions(String userId) {
    List<CalendarCommand> commands = fixture.calendarCommands(userId);
    return commands.stream()
        .filter(DeleteEvent.class::isInstance)
        .map(DeleteEvent.class::cast)
        .toList();
  }

  private double heldGauge() {
    return meters.get(DeletionGuardMetrics.HELD).gauge().value();
  }

  private static void pause(Duration duration) throws InterruptedException {
    Thread.sleep(duration.toMillis());
  }

  @SuppressWarnings("unchecked")
  private List<Map<String, Object>> held(String userId) throws Exception {
    return http
        .get()
        .uri(HeldDeletionController.PATH)
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + token(userId))
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

  @SuppressWarnings("unchecked")
  private Map<String, Object> decide(String userId, String decision) throws Exception {
    return http.post()
        .uri(HeldDeletionController.DECISIONS_PATH)
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + token(userId))
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("decision", decision))
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody();
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
