package io.calsync.e2e;

import static io.calsync.e2e.TestUser.SYNCED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The mass-deletion guard (docs/google-to-crm.md, "Mass-deletion guard") through the four services
 * as processes: twelve deletions at once on either side change nothing on the other side until the
 * user decides; "apply" performs exactly those deletions, "keep everything" restores the links.
 */
class MassDeletionIT {

  private static final int BURST = 12;

  /** Long enough for the guard's settle delay (3 s) and a few polls to have passed. */
  private static final Duration QUIET = Duration.ofSeconds(15);

  private static CalSyncSystem system;

  @BeforeAll
  static void startSystem() {
    system = CalSyncSystem.get();
  }

  @Test
  void twelveEventsDeletedInGoogle_changeNoTask_untilTheUserDecides_andKeepRestoresThem() {
    TestUser user = TestUser.connected(system, "quinn");
    List<String> eventIds = new ArrayList<>();
    for (int i = 0; i < BURST; i++) {
      eventIds.add(
          user.createEvent(
                  EventMother.at(
                      "Customer call " + i,
                      LocalDateTime.of(EventMother.START_DATE, LocalTime.of(8 + i % 10, 0))
                          .plusDays(i / 10)
                          .atZone(ZoneId.of(EventMother.ZONE))))
              .path("id")
              .asText());
    }
    user.awaitTasks(all -> all.size() == BURST && allLinked(all), SYNCED);

    eventIds.forEach(user::deleteEvent);

    List<JsonNode> held = awaitHeld(user, BURST);
    assertThat(held)
        .allSatisfy(item -> assertThat(item.path("effect").asText()).isEqualTo("UNLINK_TASK"));
    assertThat(held)
        .extracting(item -> item.path("eventId").asText())
        .containsExactlyInAnyOrderElementsOf(eventIds);
    user.awaitPolls(2);
    assertThat(user.tasks()).as("no task changed while held").allMatch(MassDeletionIT::linked);
    assertThat(user.history())
        .filteredOn(entry -> "HELD".equals(entry.path("outcome").asText()))
        .hasSize(1);

    JsonNode decided = decide(user, "KEEP");
    assertThat(decided.path("kept").asInt()).isEqualTo(BURST);
    assertThat(decided.path("restored").asInt()).isEqualTo(BURST);

    await()
        .atMost(SYNCED)
        .untilAsserted(
            () ->
                assertThat(user.liveEvents())
                    .extracting(event -> event.path("id").asText())
                    .containsExactlyInAnyOrderElementsOf(eventIds));
    user.awaitPolls(2);
    assertThat(user.tasks()).hasSize(BURST).allMatch(MassDeletionIT::linked);
    assertThat(held(user)).isEmpty();
  }

  @Test
  void twelveTasksDeletedInTheCrm_deleteNoEvent_untilTheUserDecides_andApplyDeletesExactlyThem() {
    TestUser user = TestUser.connected(system, "rosa");
    List<String> taskIds = new ArrayList<>();
    for (int i = 0; i < BURST; i++) {
      taskIds.add(
          user.createTask(TaskMother.dueAt("Follow-up " + i, null)).json().path("id").asText());
    }
    Api.Response kept = user.createTask(TaskMother.dueAt("Keep me", null));
    await().atMost(SYNCED).untilAsserted(() -> assertThat(user.liveEvents()).hasSize(BURST + 1));

    for (String taskId : taskIds) {
      Api.Response deleted = user.tasksApi().delete("/api/v1/tasks/" + taskId);
      assertThat(deleted.status()).as(deleted.toString()).isEqualTo(204);
    }

    List<JsonNode> held = awaitHeld(user, BURST);
    assertThat(held)
        .extracting(item -> item.path("taskId").asText())
        .containsExactlyInAnyOrderElementsOf(taskIds);
    assertThat(held)
        .allSatisfy(item -> assertThat(item.path("effect").asText()).isEqualTo("DELETE_EVENT"));
    assertThat(user.liveEvents()).as("no event deleted while held").hasSize(BURST + 1);

    JsonNode decided = decide(user, "APPLY");
    assertThat(decided.path("applied").asInt()).isEqualTo(BURST);

    await()
        .atMost(SYNCED)
        .untilAsserted(
            () ->
                assertThat(user.liveEvents())
                    .singleElement()
                    .satisfies(
                        event -> assertThat(event.path("summary").asText()).isEqualTo("Keep me")));
    assertThat(kept.status()).isEqualTo(201);
    assertThat(held(user)).isEmpty();
  }

  private static boolean allLinked(List<JsonNode> tasks) {
    return tasks.stream().allMatch(MassDeletionIT::linked);
  }

  private static boolean linked(JsonNode task) {
    return task.hasNonNull("eventId") && !task.hasNonNull("unlinkedReason");
  }

  private static Api orchestrator(TestUser user) {
    return new Api(system.syncOrchestratorUrl(), system.jwts().user(user.id()));
  }

  private static List<JsonNode> held(TestUser user) {
    Api.Response response = orchestrator(user).get("/api/v1/sync/held-deletions");
    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    return StreamSupport.stream(response.json().spliterator(), false).toList();
  }

  private static List<JsonNode> awaitHeld(TestUser user, int count) {
    List<JsonNode> held = new ArrayList<>();
    await()
        .atMost(SYNCED)
        .untilAsserted(
            () -> {
              held.clear();
              held.addAll(held(user));
              assertThat(held).hasSize(count);
            });
    // Nothing more arrives, and the hold stays a hold.
    await().pollDelay(QUIET).atMost(QUIET.plusSeconds(5)).until(() -> true);
    assertThat(held(user)).hasSize(count);
    return held;
  }

  private static JsonNode decide(TestUser user, String decision) {
    Api.Response response =
        orchestrator(user)
            .post("/api/v1/sync/held-deletions/decisions", Map.of("decision", decision));
    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    return response.json();
  }
}
