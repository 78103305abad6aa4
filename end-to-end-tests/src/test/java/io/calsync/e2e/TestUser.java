package io.calsync.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * One test's own CRM user and Google account (the system is shared, so no two tests use the same
 * ones), with what that user sees: their tasks through task-service, their primary calendar through
 * the emulator's control API, their sync history and settings.
 */
final class TestUser {

  /** Generous: four JVMs share two cores with whatever else runs on the machine. */
  static final Duration SYNCED = Duration.ofSeconds(90);

  private final CalSyncSystem system;
  private final String id;
  private final String account;

  private TestUser(CalSyncSystem system, String id, String account) {
    this.system = system;
    this.id = id;
    this.account = account;
  }

  /** A new user with a new Google account, not connected yet. */
  static TestUser create(CalSyncSystem system, String name) {
    return new TestUser(system, CalSyncSystem.newUserId(name), system.newGoogleAccount(name));
  }

  /** A new user who has connected a new Google account. */
  static TestUser connected(CalSyncSystem system, String name) {
    TestUser user = create(system, name);
    user.connect();
    return user;
  }

  String id() {
    return id;
  }

  String account() {
    return account;
  }

  /** "Connect Google Calendar"; returns the connection status. */
  JsonNode connect() {
    return GoogleConnections.connect(system, id, account);
  }

  // --- CRM side: task-service

  Api tasksApi() {
    return new Api(system.taskServiceUrl(), system.jwts().user(id));
  }

  /** The live event CalSync wrote for a task (its {@code calsyncTaskId}), if there is one. */
  String eventIdOf(String taskId) {
    return liveEvents().stream()
        .filter(
            event ->
                taskId.equals(
                    event
                        .path("extendedProperties")
                        .path("private")
                        .path("calsyncTaskId")
                        .asText()))
        .map(event -> event.path("id").asText())
        .findFirst()
        .orElse(null);
  }

  /** Creates a task; answers the 201 response (body and {@code ETag}). */
  Api.Response createTask(Map<String, Object> body) {
    Api.Response created = tasksApi().post("/api/v1/tasks", body);
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return created;
  }

  /** Replaces a task's fields at the version {@code etag}; answers the 200 response. */
  Api.Response replaceTask(String taskId, Map<String, Object> body, String etag) {
    Api.Response replaced =
        tasksApi().put("/api/v1/tasks/" + taskId, body, Map.of("If-Match", etag));
    assertThat(replaced.status()).as(replaced.toString()).isEqualTo(200);
    return replaced;
  }

  /** Replaces a task's fields at its current version (as a CRM user who just reloaded it). */
  Api.Response replaceTask(String taskId, Map<String, Object> body) {
    return replaceTask(taskId, body, "\"" + task(taskId).path("version").asLong() + "\"");
  }

  /** Marks a task completed ({@code PUT …/completion}); answers the 200 response. */
  Api.Response completeTask(String taskId) {
    Api.Response completed =
        tasksApi().put("/api/v1/tasks/" + taskId + "/completion", null, Map.of());
    assertThat(completed.status()).as(completed.toString()).isEqualTo(200);
    return completed;
  }

  /** The user's tasks (one page is enough for the few a test creates). */
  List<JsonNode> tasks() {
    Api.Response page = tasksApi().get("/api/v1/tasks?size=100");
    assertThat(page.status()).as(page.toString()).isEqualTo(200);
    assertThat(
            page.json().path("nextCursor").isMissingNode()
                || page.json().path("nextCursor").isNull())
        .as("one page")
        .isTrue();
    return StreamSupport.stream(page.json().path("items").spliterator(), false).toList();
  }

  JsonNode task(String taskId) {
    Api.Response task = tasksApi().get("/api/v1/tasks/" + taskId);
    assertThat(task.status()).as(task.toString()).isEqualTo(200);
    return task.json();
  }

  List<String> taskTitles() {
    return tasks().stream().map(task -> task.path("title").asText()).toList();
  }

  /** Waits until the user has exactly one task, titled {@code title}. */
  JsonNode awaitOneTask(String title) {
    return awaitOneTask(title, SYNCED);
  }

  JsonNode awaitOneTask(String title, Duration within) {
    return awaitTasks(
            all -> all.size() == 1 && title.equals(all.get(0).path("title").asText()), within)
        .get(0);
  }

  List<JsonNode> awaitTasks(Predicate<List<JsonNode>> condition, Duration within) {
    return await()
        .atMost(within)
        .pollInterval(Duration.ofMillis(250))
        .until(this::tasks, condition);
  }

  // --- Google side: the emulator, as the user sees their primary calendar

  /** Every event of the primary calendar, cancelled ones included. */
  List<ObjectNode> events() {
    return system.google().control().events(account);
  }

  List<ObjectNode> liveEvents() {
    return events().stream()
        .filter(event -> !"cancelled".equals(event.path("status").asText()))
        .toList();
  }

  /** Waits until the calendar holds exactly one live event, with {@code summary}. */
  ObjectNode awaitOneLiveEvent(String summary) {
    return await()
        .atMost(SYNCED)
        .pollInterval(Duration.ofMillis(250))
        .until(
            this::liveEvents,
            events -> events.size() == 1 && summary.equals(events.get(0).path("summary").asText()))
        .get(0);
  }

  /** Waits until the calendar's live events have exactly these summaries (in any order). */
  void awaitLiveSummaries(String... summaries) {
    await()
        .atMost(SYNCED)
        .untilAsserted(
            () ->
                assertThat(liveEvents())
                    .extracting(event -> event.path("summary").asText())
                    .containsExactlyInAnyOrder(summaries));
  }

  /** The user creates an event in Google Calendar's UI. */
  ObjectNode createEvent(ObjectNode event) {
    return system.google().control().createEvent(account, event);
  }

  ObjectNode patchEvent(String eventId, ObjectNode patch) {
    return system.google().control().patchEvent(account, eventId, patch);
  }

  void deleteEvent(String eventId) {
    system.google().control().deleteEvent(account, eventId);
  }

  long googleCalls(String endpoint) {
    return system.google().callCount(endpoint, account);
  }

  /** CalSync's writes to this calendar: {@code events.insert/update/patch/delete}. */
  long googleWrites() {
    return googleCalls("events.insert")
        + googleCalls("events.update")
        + googleCalls("events.patch")
        + googleCalls("events.delete");
  }

  /** Waits until the connector has listed the calendar's events {@code count} more times. */
  void awaitPolls(int count) {
    long listed = googleCalls("events.list");
    await()
        .atMost(SYNCED)
        .pollInterval(Duration.ofMillis(200))
        .until(() -> googleCalls("events.list") >= listed + count);
  }

  // --- sync-orchestrator's history and token-service's settings

  /** The user's sync history, newest first (the latest 200 entries). */
  List<JsonNode> history() {
    Api.Response page =
        new Api(system.syncOrchestratorUrl(), system.jwts().user(id))
            .get("/api/v1/sync/history?limit=200");
    assertThat(page.status()).as(page.toString()).isEqualTo(200);
    return StreamSupport.stream(page.json().spliterator(), false).toList();
  }

  Stream<JsonNode> historyOfTask(String taskId) {
    return history().stream().filter(entry -> taskId.equals(entry.path("taskId").asText()));
  }

  Stream<JsonNode> historyOfEvent(String eventId) {
    return history().stream().filter(entry -> eventId.equals(entry.path("eventId").asText()));
  }

  /** Changes the user's sync settings (mode, completed and date-only policies, 30 minutes). */
  void changeSettings(String mode, String completedTaskPolicy, String dateOnlyTaskPolicy) {
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("mode", mode);
    settings.put("completedTaskPolicy", completedTaskPolicy);
    settings.put("dateOnlyTaskPolicy", dateOnlyTaskPolicy);
    settings.put("defaultEventDurationMinutes", 30);
    Api.Response changed =
        new Api(system.tokenServiceUrl(), system.jwts().user(id))
            .put("/api/v1/sync/settings", settings, Map.of());
    assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
  }

  /** Changes the mode, with the default policies ({@code MARK_EVENT}, {@code SKIP}). */
  void changeMode(String mode) {
    changeSettings(mode, "MARK_EVENT", "SKIP");
  }

  Api tokenServiceApi() {
    return new Api(system.tokenServiceUrl(), system.jwts().user(id));
  }

  @Override
  public String toString() {
    return id + " / " + account;
  }
}
