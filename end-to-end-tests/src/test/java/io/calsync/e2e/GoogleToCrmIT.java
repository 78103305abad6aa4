package io.calsync.e2e;

import static io.calsync.e2e.EventMother.START_DATE;
import static io.calsync.e2e.EventMother.START_TIME;
import static io.calsync.e2e.TestUser.SYNCED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 6 end to end: what a user does in Google Calendar's UI (the emulator's control API, which
 * fires push notifications like Google) reaches the CRM through calendar-connector's polls and
 * pushes, sync-orchestrator's merge and task-service's task commands, and CalSync's own writes are
 * not echoed back.
 */
class GoogleToCrmIT {

  /**
   * The acceptance bound for a Google edit (or a skip decision) to reach the CRM: one poll interval
   * (the connector polls each user every {@link CalSyncSystem#POLL_INTERVAL}; push notifications
   * usually make it faster) plus 30 s for the hops through Kafka and three services on a loaded
   * 2-core machine.
   */
  static final Duration GOOGLE_EDIT_ARRIVES = CalSyncSystem.POLL_INTERVAL.plusSeconds(30);

  private static CalSyncSystem system;

  @BeforeAll
  static void startSystem() {
    system = CalSyncSystem.get();
  }

  @Test
  void anEventCreatedInGoogle_becomesOneTask_followsItsSummary_andIsUnlinkedWhenDeleted() {
    TestUser user = TestUser.connected(system, "erin");
    ObjectNode event =
        user.createEvent(EventMother.future("Demo for Globex", "Bring the pricing sheet"));
    String eventId = event.path("id").asText();

    JsonNode task = user.awaitOneTask("Demo for Globex");
    assertThat(task.path("description").asText()).isEqualTo("Bring the pricing sheet");
    assertThat(task.path("dueDate").asText()).isEqualTo(START_DATE.toString());
    assertThat(LocalTime.parse(task.path("dueTime").asText())).isEqualTo(START_TIME);
    assertThat(task.path("timeZone").asText()).isEqualTo(EventMother.ZONE);
    assertThat(task.path("eventId").asText()).isEqualTo(eventId);
    String taskId = task.path("id").asText();

    // Later polls see the same event again: still one task.
    user.awaitPolls(3);
    assertThat(user.tasks()).singleElement().satisfies(same -> assertId(same, taskId));

    user.patchEvent(
        eventId, Api.JSON.createObjectNode().put("summary", "Demo for Globex (moved room)"));
    JsonNode renamed = user.awaitOneTask("Demo for Globex (moved room)");
    assertId(renamed, taskId);
    assertThat(renamed.path("description").asText()).isEqualTo("Bring the pricing sheet");

    user.deleteEvent(eventId);
    JsonNode unlinked =
        user.awaitTasks(
                all ->
                    all.size() == 1
                        && "EVENT_DELETED".equals(all.get(0).path("unlinkedReason").asText()),
                SYNCED)
            .get(0);
    // A deletion in Google never destroys CRM data: the task stays, without its event.
    assertId(unlinked, taskId);
    assertThat(unlinked.path("title").asText()).isEqualTo("Demo for Globex (moved room)");
    assertThat(unlinked.has("eventId")).as(unlinked.toString()).isFalse();
  }

  /**
   * The connector's first listing can reach the orchestrator before the connection event does (no
   * order across topics); the orchestrator then asks for a full resync, so no event is lost.
   */
  @Test
  void eventsThatExistedBeforeConnecting_allBecomeTasks() {
    TestUser user = TestUser.create(system, "nora");
    List<String> titles = List.of("Kick-off", "Budget review", "Site visit", "Retro", "Offsite");
    for (String title : titles) {
      user.createEvent(EventMother.future(title, "planned before connecting"));
    }
    user.connect();

    user.awaitTasks(all -> all.size() == titles.size(), GOOGLE_EDIT_ARRIVES);
    assertThat(user.taskTitles()).containsExactlyInAnyOrderElementsOf(titles);
    user.awaitPolls(2);
    assertThat(user.tasks()).hasSize(titles.size());
  }

  @Test
  void anEventMovedAndRedescribedInGoogle_movesItsTask_withinTheBound() {
    TestUser user = TestUser.connected(system, "hank");
    String eventId =
        user.createEvent(EventMother.future("Pricing workshop", "Agenda: discounts"))
            .path("id")
            .asText();
    String taskId = user.awaitOneTask("Pricing workshop").path("id").asText();

    ZonedDateTime moved =
        LocalDateTime.of(START_DATE.plusDays(2), LocalTime.of(16, 45))
            .atZone(ZoneId.of("America/New_York"));
    ObjectNode patch = Api.JSON.createObjectNode().put("description", "Agenda: discounts, terms");
    patch.set("start", EventMother.dateTime(moved));
    patch.set("end", EventMother.dateTime(moved.plusHours(1)));
    user.patchEvent(eventId, patch);

    // The task keeps its time zone and takes the event's new start as wall-clock time in it
    // (docs/google-to-crm.md, field mapping): 16:45 in New York is 22:45 in Berlin.
    ZonedDateTime inTaskZone = moved.withZoneSameInstant(ZoneId.of(EventMother.ZONE));
    JsonNode task =
        user.awaitTasks(
                all ->
                    all.size() == 1
                        && "Agenda: discounts, terms"
                            .equals(all.get(0).path("description").asText())
                        && inTaskZone
                            .toLocalDate()
                            .toString()
                            .equals(all.get(0).path("dueDate").asText()),
                GOOGLE_EDIT_ARRIVES)
            .get(0);
    assertId(task, taskId);
    assertThat(LocalTime.parse(task.path("dueTime").asText())).isEqualTo(inTaskZone.toLocalTime());
    assertThat(task.path("timeZone").asText()).isEqualTo(EventMother.ZONE);
    assertThat(task.path("title").asText()).isEqualTo("Pricing workshop");
  }

  @Test
  void aRecurringEventCreatedInGoogle_becomesNoTask_andTheSkipIsInTheHistory_withinTheBound() {
    TestUser user = TestUser.connected(system, "iris");
    String seriesId =
        user.createEvent(EventMother.weekly("Weekly pipeline sync")).path("id").asText();

    // Documented policy (docs/google-to-crm.md, "Recurring events: policy SKIP").
    JsonNode skipped =
        await()
            .atMost(GOOGLE_EDIT_ARRIVES)
            .pollInterval(Duration.ofMillis(250))
            .until(
                () -> user.historyOfEvent(seriesId).findFirst().orElse(null),
                entry -> entry != null);
    assertThat(skipped.path("outcome").asText()).as(skipped.toString()).isEqualTo("SKIPPED");
    assertThat(skipped.path("detail").path("reasonCode").asText()).isEqualTo("RECURRING_SKIPPED");

    // A single event created after the series is handled after it (one user's changes stay in
    // order): once its task exists, the series has long been decided.
    user.createEvent(EventMother.future("One-off review", null));
    user.awaitOneTask("One-off review");
    user.awaitPolls(2);
    assertThat(user.taskTitles()).containsExactly("One-off review");
  }

  @Test
  void aPastEventCreatedInGoogle_becomesNoTask() {
    TestUser user = TestUser.connected(system, "frank");
    // The first sync (a full one) has run once this task exists; the events below arrive through
    // incremental syncs, which list past events too.
    user.createEvent(EventMother.future("Kick-off", null));
    user.awaitOneTask("Kick-off");

    ZonedDateTime yesterday =
        ZonedDateTime.now(ZoneId.of(EventMother.ZONE)).minusDays(1).withNano(0);
    user.createEvent(EventMother.at("Yesterday's lunch", yesterday));
    // Created after the past one, so handled after it (one user's changes stay in order).
    user.createEvent(EventMother.future("Follow-up", null));

    await()
        .atMost(SYNCED)
        .pollInterval(Duration.ofMillis(500))
        .until(() -> user.taskTitles().contains("Follow-up"));
    user.awaitPolls(2);
    assertThat(user.taskTitles()).containsExactlyInAnyOrder("Kick-off", "Follow-up");
  }

  @Test
  void anExpiredSyncToken_meansAFullResync_thatKeepsTheTaskSet_andLosesNoChange() {
    TestUser user = TestUser.connected(system, "jack");
    String firstId = user.createEvent(EventMother.future("Partner call", null)).path("id").asText();
    String secondId =
        user.createEvent(EventMother.future("Partner dinner", null)).path("id").asText();
    user.createTask(TaskMother.dueAt("Partner contract", null));
    await()
        .atMost(SYNCED)
        .untilAsserted(
            () -> {
              assertThat(user.taskTitles())
                  .containsExactlyInAnyOrder("Partner call", "Partner dinner", "Partner contract");
              assertThat(user.liveEvents()).hasSize(3);
            });
    user.awaitPolls(3);
    Map<String, Long> versions = versionsByTitle(user);
    long writes = user.googleWrites();
    double resyncs = fullResyncsAfter410();

    // Google invalidates the sync token; the next incremental sync is answered 410 and must be
    // replaced by a full one that carries the edits made meanwhile.
    system.google().control().expireSyncTokens(user.account());
    user.patchEvent(firstId, Api.JSON.createObjectNode().put("summary", "Partner call (moved)"));
    user.deleteEvent(secondId);

    await()
        .atMost(SYNCED)
        .untilAsserted(
            () -> {
              List<JsonNode> tasks = user.tasks();
              assertThat(tasks)
                  .extracting(t -> t.path("title").asText())
                  .containsExactlyInAnyOrder(
                      "Partner call (moved)", "Partner dinner", "Partner contract");
              assertThat(tasks)
                  .filteredOn(t -> "Partner dinner".equals(t.path("title").asText()))
                  .singleElement()
                  .satisfies(
                      t ->
                          assertThat(t.path("unlinkedReason").asText()).isEqualTo("EVENT_DELETED"));
            });
    assertThat(fullResyncsAfter410()).as("full resyncs after a 410").isGreaterThan(resyncs);
    user.awaitPolls(2);

    Map<String, Long> after = versionsByTitle(user);
    assertThat(after)
        .as("one new version for the edit and the deletion, none for the resync")
        .containsEntry("Partner contract", versions.get("Partner contract"))
        .containsEntry("Partner call (moved)", versions.get("Partner call") + 1)
        .containsEntry("Partner dinner", versions.get("Partner dinner") + 1);
    assertThat(user.googleWrites()).as("writes to Google").isEqualTo(writes);
    assertThat(user.liveEvents()).hasSize(2);
  }

  @Test
  void aTaskCreatedInTheCrm_isNotEchoedBackByLaterPolls() {
    TestUser user = TestUser.connected(system, "grace");
    String taskId =
        user.createTask(
                TaskMother.dueAt(
                    "Send the Hooli proposal",
                    "Final numbers from finance",
                    START_DATE,
                    START_TIME))
            .json()
            .path("id")
            .asText();

    await()
        .atMost(SYNCED)
        .pollInterval(Duration.ofMillis(250))
        .until(() -> user.liveEvents().size() == 1);
    // The connector reads CalSync's own event back (push and polls); let that settle first.
    user.awaitPolls(3);
    long writes = user.googleWrites();
    long version = user.task(taskId).path("version").asLong();

    user.awaitPolls(2);
    assertThat(user.googleWrites()).as("events.insert/update/patch/delete").isEqualTo(writes);
    assertThat(user.tasks()).hasSize(1);
    assertThat(user.task(taskId).path("version").asLong()).isEqualTo(version);
    assertThat(user.liveEvents()).hasSize(1);
    assertThat(taskCommandsSent(user)).as("task commands").isEmpty();
  }

  @Test
  void anEventCreatedInGoogle_isNotWrittenBack_andItsTaskStaysAtItsVersion() {
    TestUser user = TestUser.connected(system, "kate");
    user.createEvent(EventMother.future("Lunch with Soylent", "Booked by the assistant"));
    String taskId = user.awaitOneTask("Lunch with Soylent").path("id").asText();
    // The new task's TaskCreated is CalSync's own change: it must not go back to Google.
    user.awaitPolls(3);
    long version = user.task(taskId).path("version").asLong();

    user.awaitPolls(2);
    assertThat(user.googleWrites()).as("events.insert/update/patch/delete").isZero();
    assertThat(user.task(taskId).path("version").asLong()).isEqualTo(version);
    assertThat(taskCommandsSent(user))
        .extracting(entry -> entry.path("action").asText())
        .containsExactly("CREATE_TASK");
  }

  @Test
  void theSameFieldChangedOnBothSides_theMostRecentChangeWins_andTheHistoryRecordsTheOverride() {
    TestUser user = TestUser.connected(system, "liam");
    Api.Response crmWins = user.createTask(TaskMother.dueAt("Quote for Acme", null));
    Api.Response googleWins = user.createTask(TaskMother.dueAt("Quote for Initech", null));
    Map<String, String> eventIds = awaitLinkedEvents(user, 2);
    String crmWinsId = crmWins.json().path("id").asText();
    String googleWinsId = googleWins.json().path("id").asText();

    // Both sides edit while sync is paused (the documented way edits meet: the connector does not
    // poll a paused user, and the orchestrator sends nothing), each title twice in a known order.
    pause(user);
    user.replaceTask(googleWinsId, TaskMother.dueAt("Quote for Initech (CRM)", null));
    awaitSkipped(user, googleWinsId);
    user.patchEvent(
        eventIds.get(crmWinsId),
        Api.JSON.createObjectNode().put("summary", "Quote for Acme (Google)"));
    aMomentLater();
    user.replaceTask(crmWinsId, TaskMother.dueAt("Quote for Acme (CRM)", null));
    aMomentLater();
    user.patchEvent(
        eventIds.get(googleWinsId),
        Api.JSON.createObjectNode().put("summary", "Quote for Initech (Google)"));
    user.changeMode("TWO_WAY");

    await()
        .atMost(SYNCED)
        .untilAsserted(
            () -> {
              assertThat(user.taskTitles())
                  .containsExactlyInAnyOrder("Quote for Acme (CRM)", "Quote for Initech (Google)");
              assertThat(user.liveEvents())
                  .extracting(event -> event.path("summary").asText())
                  .containsExactlyInAnyOrder("Quote for Acme (CRM)", "Quote for Initech (Google)");
            });
    assertThat(override(user, crmWinsId).path("detail").path("winner").asText()).isEqualTo("CRM");
    assertThat(override(user, googleWinsId).path("detail").path("winner").asText())
        .isEqualTo("GOOGLE");
    assertThat(user.events()).hasSize(2);
    assertThat(user.tasks()).hasSize(2);
  }

  @Test
  void differentFieldsChangedOnEachSide_areBothKept() {
    TestUser user = TestUser.connected(system, "mona");
    Api.Response created = user.createTask(TaskMother.dueAt("Demo for Hooli", "Old agenda"));
    String taskId = created.json().path("id").asText();
    String eventId = awaitLinkedEvents(user, 1).get(taskId);

    pause(user);
    user.replaceTask(taskId, TaskMother.dueAt("Demo for Hooli (v2)", "Old agenda"));
    awaitSkipped(user, taskId);
    user.patchEvent(eventId, Api.JSON.createObjectNode().put("description", "New agenda"));
    user.changeMode("TWO_WAY");

    await()
        .atMost(SYNCED)
        .untilAsserted(
            () -> {
              JsonNode task = user.task(taskId);
              assertThat(task.path("title").asText()).isEqualTo("Demo for Hooli (v2)");
              assertThat(task.path("description").asText()).isEqualTo("New agenda");
              assertThat(user.liveEvents())
                  .singleElement()
                  .satisfies(
                      event -> {
                        assertThat(event.path("summary").asText()).isEqualTo("Demo for Hooli (v2)");
                        assertThat(event.path("description").asText()).isEqualTo("New agenda");
                      });
            });
    assertThat(user.historyOfTask(taskId))
        .noneMatch(entry -> "CONFLICT_RESOLVED".equals(entry.path("outcome").asText()));
  }

  /**
   * Waits until the user's {@code count} tasks each have their event and the connector has read the
   * events back (so the links hold Google's etags); task id → event id.
   */
  private static Map<String, String> awaitLinkedEvents(TestUser user, int count) {
    Map<String, String> eventIds =
        await()
            .atMost(SYNCED)
            .pollInterval(Duration.ofMillis(250))
            .until(
                () ->
                    user.tasks().stream()
                        .map(t -> t.path("id").asText())
                        .filter(id -> user.eventIdOf(id) != null)
                        .collect(Collectors.toMap(id -> id, user::eventIdOf)),
                linked -> linked.size() == count && user.liveEvents().size() == count);
    user.awaitPolls(2);
    return eventIds;
  }

  /**
   * Pauses the user's sync and waits until calendar-connector has acted on it: it stops the user's
   * push channel at Google when it stops polling (so this needs {@link CalSyncSystem#PUSH}).
   */
  private static void pause(TestUser user) {
    long stopped = user.googleCalls("channels.stop");
    user.changeMode("PAUSED");
    await().atMost(SYNCED).until(() -> user.googleCalls("channels.stop") > stopped);
  }

  /** Waits until sync-orchestrator has skipped a change of the task (it knows of the pause). */
  private static void awaitSkipped(TestUser user, String taskId) {
    await()
        .atMost(SYNCED)
        .until(
            () ->
                user.historyOfTask(taskId)
                    .anyMatch(entry -> "SKIPPED".equals(entry.path("outcome").asText())));
  }

  /**
   * The task's {@code updatedAt} (task-service's clock) and the event's {@code updated} (Google's)
   * are compared; a second apart, which edit is the more recent one is beyond doubt.
   */
  private static void aMomentLater() {
    try {
      Thread.sleep(1_100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode override(TestUser user, String taskId) {
    List<JsonNode> overrides =
        user.historyOfTask(taskId)
            .filter(entry -> "CONFLICT_RESOLVED".equals(entry.path("outcome").asText()))
            .toList();
    assertThat(overrides).as("overrides of task " + taskId).singleElement();
    assertThat(overrides.get(0).path("detail").path("field").asText()).isEqualTo("TITLE");
    return overrides.get(0);
  }

  /** History entries of task commands sent to task-service (Google → CRM). */
  private static List<JsonNode> taskCommandsSent(TestUser user) {
    Set<String> taskCommands = Set.of("CREATE_TASK", "UPDATE_TASK", "UNLINK_TASK");
    return user.history().stream()
        .filter(entry -> taskCommands.contains(entry.path("action").asText()))
        .filter(entry -> "COMMAND_SENT".equals(entry.path("outcome").asText()))
        .toList();
  }

  private static Map<String, Long> versionsByTitle(TestUser user) {
    return user.tasks().stream()
        .collect(Collectors.toMap(t -> t.path("title").asText(), t -> t.path("version").asLong()));
  }

  private static double fullResyncsAfter410() {
    return Prometheus.scrape(system.calendarConnectorUrl())
        .sum("calsync_sync_full_resyncs_total", Map.of("reason", "token-expired"));
  }

  private static void assertId(JsonNode task, String taskId) {
    assertThat(task.path("id").asText()).as(task.toString()).isEqualTo(taskId);
  }
}
