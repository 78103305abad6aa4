package io.calsync.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 6 end to end: what a user does in Google Calendar's UI (the emulator's control API, which
 * fires push notifications like Google) reaches the CRM through calendar-connector's polls and
 * pushes, sync-orchestrator's merge and task-service's task commands, and CalSync's own writes are
 * not echoed back.
 */
class GoogleToCrmIT {

  /** Generous: four JVMs share two cores with whatever else runs on the machine. */
  private static final Duration SYNCED = Duration.ofSeconds(90);

  private static final String ZONE = "Europe/Berlin";
  private static final LocalDate START_DATE = LocalDate.of(2030, 4, 10);
  private static final LocalTime START_TIME = LocalTime.of(9, 15);

  private static CalSyncSystem system;

  @BeforeAll
  static void startSystem() {
    system = CalSyncSystem.get();
  }

  @Test
  void anEventCreatedInGoogle_becomesOneTask_followsItsSummary_andIsUnlinkedWhenDeleted() {
    String userId = CalSyncSystem.newUserId("erin");
    String account = system.newGoogleAccount("erin");
    GoogleConnections.connect(system, userId, account);
    Api tasks = new Api(system.taskServiceUrl(), system.jwts().user(userId));

    ObjectNode event =
        system
            .google()
            .control()
            .createEvent(account, event("Demo for Globex", "Bring the pricing sheet"));
    String eventId = event.path("id").asText();

    JsonNode task = awaitOneTask(tasks, "Demo for Globex");
    assertThat(task.path("description").asText()).isEqualTo("Bring the pricing sheet");
    assertThat(task.path("dueDate").asText()).isEqualTo(START_DATE.toString());
    assertThat(LocalTime.parse(task.path("dueTime").asText())).isEqualTo(START_TIME);
    assertThat(task.path("timeZone").asText()).isEqualTo(ZONE);
    assertThat(task.path("eventId").asText()).isEqualTo(eventId);
    String taskId = task.path("id").asText();

    // Later polls see the same event again: still one task.
    awaitPolls(account, 3);
    assertThat(tasksOf(tasks)).singleElement().satisfies(same -> assertId(same, taskId));

    ObjectNode patch = Api.JSON.createObjectNode().put("summary", "Demo for Globex (moved room)");
    system.google().control().patchEvent(account, eventId, patch);
    JsonNode renamed = awaitOneTask(tasks, "Demo for Globex (moved room)");
    assertId(renamed, taskId);
    assertThat(renamed.path("description").asText()).isEqualTo("Bring the pricing sheet");

    system.google().control().deleteEvent(account, eventId);
    JsonNode unlinked =
        await()
            .atMost(SYNCED)
            .pollInterval(Duration.ofMillis(500))
            .until(
                () -> tasksOf(tasks),
                all ->
                    all.size() == 1
                        && "EVENT_DELETED".equals(all.get(0).path("unlinkedReason").asText()))
            .get(0);
    // A deletion in Google never destroys CRM data: the task stays, without its event.
    assertId(unlinked, taskId);
    assertThat(unlinked.path("title").asText()).isEqualTo("Demo for Globex (moved room)");
    assertThat(unlinked.has("eventId")).as(unlinked.toString()).isFalse();
  }

  @Test
  void aPastEventCreatedInGoogle_becomesNoTask() {
    String userId = CalSyncSystem.newUserId("frank");
    String account = system.newGoogleAccount("frank");
    GoogleConnections.connect(system, userId, account);
    Api tasks = new Api(system.taskServiceUrl(), system.jwts().user(userId));
    // The first sync (a full one) has run once this task exists; the events below arrive through
    // incremental syncs, which list past events too.
    system.google().control().createEvent(account, event("Kick-off", null));
    awaitOneTask(tasks, "Kick-off");

    ZonedDateTime yesterday = ZonedDateTime.now(ZoneId.of(ZONE)).minusDays(1).withNano(0);
    system.google().control().createEvent(account, eventAt("Yesterday's lunch", yesterday));
    // Created after the past one, so handled after it (one user's changes stay in order).
    system.google().control().createEvent(account, event("Follow-up", null));

    await()
        .atMost(SYNCED)
        .pollInterval(Duration.ofMillis(500))
        .until(() -> titles(tasks).contains("Follow-up"));
    awaitPolls(account, 2);
    assertThat(titles(tasks)).containsExactlyInAnyOrder("Kick-off", "Follow-up");
  }

  @Test
  void aTaskCreatedInTheCrm_isNotEchoedBackByLaterPolls() {
    String userId = CalSyncSystem.newUserId("grace");
    String account = system.newGoogleAccount("grace");
    GoogleConnections.connect(system, userId, account);
    Api tasks = new Api(system.taskServiceUrl(), system.jwts().user(userId));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("title", "Send the Hooli proposal");
    body.put("description", "Final numbers from finance");
    body.put("dueDate", START_DATE.toString());
    body.put("dueTime", START_TIME.toString());
    body.put("timeZone", ZONE);
    Api.Response created = tasks.post("/api/v1/tasks", body);
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    String taskId = created.json().path("id").asText();

    await()
        .atMost(SYNCED)
        .pollInterval(Duration.ofMillis(250))
        .until(() -> liveEvents(account).size() == 1);
    // The connector reads CalSync's own event back (push and polls); let that settle first.
    awaitPolls(account, 3);
    long writes = googleWrites(account);
    long version = onlyTask(tasks, taskId).path("version").asLong();

    awaitPolls(account, 2);
    assertThat(googleWrites(account)).as("events.insert/update/patch").isEqualTo(writes);
    assertThat(tasksOf(tasks)).hasSize(1);
    assertThat(onlyTask(tasks, taskId).path("version").asLong()).isEqualTo(version);
    assertThat(liveEvents(account)).hasSize(1);
  }

  /** An event starting at {@link #START_DATE} {@link #START_TIME} in Berlin, an hour long. */
  private static ObjectNode event(String summary, String description) {
    ObjectNode event =
        eventAt(summary, LocalDateTime.of(START_DATE, START_TIME).atZone(ZoneId.of(ZONE)));
    if (description != null) {
      event.put("description", description);
    }
    return event;
  }

  private static ObjectNode eventAt(String summary, ZonedDateTime start) {
    ObjectNode event = Api.JSON.createObjectNode().put("summary", summary);
    event
        .putObject("start")
        .put("dateTime", start.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME))
        .put("timeZone", ZONE);
    event
        .putObject("end")
        .put("dateTime", start.plusHours(1).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME))
        .put("timeZone", ZONE);
    return event;
  }

  /** Waits until the connector has listed the account's events {@code count} more times. */
  private static void awaitPolls(String account, int count) {
    long listed = system.google().callCount("events.list", account);
    await()
        .atMost(SYNCED)
        .pollInterval(Duration.ofMillis(200))
        .until(() -> system.google().callCount("events.list", account) >= listed + count);
  }

  private static long googleWrites(String account) {
    return system.google().callCount("events.insert", account)
        + system.google().callCount("events.update", account)
        + system.google().callCount("events.patch", account);
  }

  /** Waits until the user has exactly one task, titled {@code title}. */
  private static JsonNode awaitOneTask(Api tasks, String title) {
    return await()
        .atMost(SYNCED)
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> tasksOf(tasks),
            all -> all.size() == 1 && title.equals(all.get(0).path("title").asText()))
        .get(0);
  }

  private static JsonNode onlyTask(Api tasks, String taskId) {
    List<JsonNode> all = tasksOf(tasks);
    assertThat(all).singleElement().satisfies(task -> assertId(task, taskId));
    return all.get(0);
  }

  private static List<String> titles(Api tasks) {
    return tasksOf(tasks).stream().map(task -> task.path("title").asText()).toList();
  }

  /** The user's tasks (one page is enough for the few a test creates). */
  private static List<JsonNode> tasksOf(Api tasks) {
    Api.Response page = tasks.get("/api/v1/tasks?size=100");
    assertThat(page.status()).as(page.toString()).isEqualTo(200);
    assertThat(page.json().has("nextCursor") && !page.json().path("nextCursor").isNull()).isFalse();
    return StreamSupport.stream(page.json().path("items").spliterator(), false).toList();
  }

  private static List<ObjectNode> liveEvents(String account) {
    return system.google().control().events(account).stream()
        .filter(event -> !"cancelled".equals(event.path("status").asText()))
        .toList();
  }

  private static void assertId(JsonNode task, String taskId) {
    assertThat(task.path("id").asText()).as(task.toString()).isEqualTo(taskId);
  }
}
