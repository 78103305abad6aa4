package io.calsync.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.calsync.contracts.ContractMessage;
import io.calsync.contracts.Topics;
import io.calsync.contracts.cloudevents.CloudEventHeaders;
import io.calsync.contracts.cloudevents.CloudEventSerializer;
import io.calsync.contracts.task.TaskCreated;
import io.calsync.contracts.task.TaskStatus;
import io.calsync.contracts.task.TaskUpdated;
import io.calsync.emulator.faults.FaultInjector;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * Issue 5 end to end: a CRM task with a due date and time becomes an event in the owner's primary
 * Google Calendar, follows its changes and disappears with it, whichever CRM service published it.
 * Nothing is mocked: task-service, sync-orchestrator, calendar-connector and token-service run from
 * their jars over real Kafka and PostgreSQL against the Google emulator.
 */
class CrmToGoogleIT {

  /** Generous: four JVMs share two cores with whatever else runs on the machine. */
  private static final Duration SYNCED = Duration.ofSeconds(90);

  private static final String ZONE = "Europe/Berlin";
  private static final LocalDate DUE_DATE = LocalDate.of(2030, 3, 15);
  private static final LocalTime DUE_TIME = LocalTime.of(14, 30);

  private static CalSyncSystem system;

  @BeforeAll
  static void startSystem() {
    system = CalSyncSystem.get();
  }

  @Test
  void aTaskWithDueDateAndTime_becomesOneEvent_followsItsTitle_andIsRemovedWithIt() {
    String userId = CalSyncSystem.newUserId("alice");
    String account = system.newGoogleAccount("alice");
    JsonNode connection = GoogleConnections.connect(system, userId, account);
    assertThat(connection.path("status").asText()).isEqualTo("CONNECTED");
    assertThat(connection.path("googleAccountEmail").asText()).isEqualTo(account);

    Api tasks = new Api(system.taskServiceUrl(), system.jwts().user(userId));
    Api.Response created =
        tasks.post(
            "/api/v1/tasks", task("Call Acme about the renewal", "Ask for the signed contract"));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    String taskId = created.json().path("id").asText();

    ObjectNode event = awaitOneLiveEvent(account, "Call Acme about the renewal");
    assertThat(event.path("description").asText()).isEqualTo("Ask for the signed contract");
    assertStartsAtDueTimeInTheTaskZone(event);
    assertThat(event.path("extendedProperties").path("private").path("calsyncTaskId").asText())
        .isEqualTo(taskId);
    String eventId = event.path("id").asText();

    Api.Response renamed =
        tasks.put(
            "/api/v1/tasks/" + taskId,
            task("Call Acme: renewal signed?", "Ask for the signed contract"),
            Map.of("If-Match", created.header("ETag")));
    assertThat(renamed.status()).as(renamed.toString()).isEqualTo(200);
    ObjectNode renamedEvent = awaitOneLiveEvent(account, "Call Acme: renewal signed?");
    assertThat(renamedEvent.path("id").asText()).isEqualTo(eventId);
    assertStartsAtDueTimeInTheTaskZone(renamedEvent);

    Api.Response deleted = tasks.delete("/api/v1/tasks/" + taskId);
    assertThat(deleted.status()).as(deleted.toString()).isEqualTo(204);
    await().atMost(SYNCED).untilAsserted(() -> assertThat(liveEvents(account)).isEmpty());
    assertThat(system.google().control().events(account))
        .singleElement()
        .satisfies(gone -> assertThat(gone.path("status").asText()).isEqualTo("cancelled"));
    // No count of events.insert here: a rename decided before the first CommandApplied arrives
    // inserts again and adopts the existing event on 409 (docs/crm-to-google.md, known limit).
    // The single event above is what the user sees.
  }

  @Test
  void aTaskEventPublishedByAnotherCrmService_becomesAnEvent_evenWhenDeliveredTwice() {
    String userId = CalSyncSystem.newUserId("bob");
    String account = system.newGoogleAccount("bob");
    GoogleConnections.connect(system, userId, account);
    String taskId = UUID.randomUUID().toString();
    Instant now = Instant.now();
    TaskCreated created =
        new TaskCreated(
            taskId,
            userId,
            "Quarterly review with Initech",
            "Prepared by the import job",
            DUE_DATE,
            DUE_TIME,
            ZONE,
            null,
            TaskStatus.OPEN,
            1,
            now,
            "crm-import",
            null);
    String messageId = UUID.randomUUID().toString();

    try (KafkaProducer<String, Object> otherCrmService = producer()) {
      ProducerRecord<String, Object> record = record(created, messageId);
      otherCrmService.send(record);
      // At-least-once delivery: the same message (same ce_id) arrives twice.
      otherCrmService.send(record(created, messageId));
      otherCrmService.flush();

      ObjectNode event = awaitOneLiveEvent(account, "Quarterly review with Initech");
      assertThat(event.path("description").asText()).isEqualTo("Prepared by the import job");
      assertStartsAtDueTimeInTheTaskZone(event);

      // Records of one user are handled in order: once version 2 shows, the duplicate is behind us.
      otherCrmService.send(
          record(
              new TaskUpdated(
                  taskId,
                  userId,
                  "Quarterly review with Initech (room 4)",
                  "Prepared by the import job",
                  DUE_DATE,
                  DUE_TIME,
                  ZONE,
                  null,
                  TaskStatus.OPEN,
                  2,
                  now.plusSeconds(1),
                  "crm-import",
                  null),
              UUID.randomUUID().toString()));
      otherCrmService.flush();
    }
    ObjectNode updated = awaitOneLiveEvent(account, "Quarterly review with Initech (room 4)");
    assertThat(updated.path("extendedProperties").path("private").path("calsyncTaskId").asText())
        .isEqualTo(taskId);
    assertThat(system.google().control().events(account)).hasSize(1);

    // Every decision is committed in partition order, so once version 2's command is in the
    // history, the duplicate's would be too: one command per version, none for the duplicate.
    Api history = new Api(system.syncOrchestratorUrl(), system.jwts().user(userId));
    await().atMost(SYNCED).until(() -> upsertsSent(history, taskId) >= 2);
    assertThat(upsertsSent(history, taskId)).isEqualTo(2);
  }

  private static long upsertsSent(Api history, String taskId) {
    return historyOf(history, taskId)
        .filter(entry -> "UPSERT_EVENT".equals(entry.path("action").asText()))
        .filter(entry -> "COMMAND_SENT".equals(entry.path("outcome").asText()))
        .count();
  }

  @Test
  void anAssigneeBecomesAnAttendee_andGoogleSendsNoInvitationMail() {
    String userId = CalSyncSystem.newUserId("carol");
    String account = system.newGoogleAccount("carol");
    GoogleConnections.connect(system, userId, account);
    Api tasks = new Api(system.taskServiceUrl(), system.jwts().user(userId));
    Map<String, Object> body = task("Contract walkthrough", null);
    body.put("assigneeEmail", "dave@example.com");
    Api.Response created = tasks.post("/api/v1/tasks", body);
    assertThat(created.status()).as(created.toString()).isEqualTo(201);

    ObjectNode event = awaitOneLiveEvent(account, "Contract walkthrough");
    assertThat(event.path("attendees").findValuesAsText("email"))
        .containsExactly("dave@example.com");
    // Default sendUpdates=none: Google e-mailed nobody, whatever the attendees.
    assertThat(system.google().control().writes(account))
        .isNotEmpty()
        .allSatisfy(
            write -> {
              assertThat(write.sendUpdates()).isEqualTo("none");
              assertThat(write.notificationsSent()).isZero();
            });
  }

  @Test
  void completingATask_marksItsEvent_inCrmToGoogleMode() {
    String userId = CalSyncSystem.newUserId("ivan");
    String account = system.newGoogleAccount("ivan");
    Api settings = new Api(system.tokenServiceUrl(), system.jwts().user(userId));
    assertThat(settings.put("/api/v1/sync/settings", settings("CRM_TO_GOOGLE"), Map.of()).status())
        .isEqualTo(200);
    GoogleConnections.connect(system, userId, account);
    Api tasks = new Api(system.taskServiceUrl(), system.jwts().user(userId));
    Api.Response created = tasks.post("/api/v1/tasks", task("Sign the NDA", null));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    String eventId = awaitOneLiveEvent(account, "Sign the NDA").path("id").asText();

    Api.Response completed =
        tasks.put(
            "/api/v1/tasks/" + created.json().path("id").asText() + "/completion", null, Map.of());
    assertThat(completed.status()).as(completed.toString()).isEqualTo(200);

    // Default policy for completed tasks: keep the event, mark its title.
    assertThat(awaitOneLiveEvent(account, "\u2714 Sign the NDA").path("id").asText())
        .isEqualTo(eventId);
  }

  @Test
  void tasksCreatedBeforeConnecting_appearOnConnect_exceptDateOnlyOnes() {
    String userId = CalSyncSystem.newUserId("erin");
    String account = system.newGoogleAccount("erin");
    Api tasks = new Api(system.taskServiceUrl(), system.jwts().user(userId));
    assertThat(tasks.post("/api/v1/tasks", task("Send the offer", null)).status()).isEqualTo(201);
    Map<String, Object> dateOnly = task("Renewal month", null);
    dateOnly.remove("dueTime");
    assertThat(tasks.post("/api/v1/tasks", dateOnly).status()).isEqualTo(201);

    GoogleConnections.connect(system, userId, account);

    // Default policy for date-only tasks: SKIP, so only the timed task becomes an event.
    ObjectNode event = awaitOneLiveEvent(account, "Send the offer");
    assertStartsAtDueTimeInTheTaskZone(event);
    // A task created after connecting is decided after the date-only one (same user, one
    // partition); when it shows, the date-only task has long been decided.
    assertThat(tasks.post("/api/v1/tasks", task("Follow up on the offer", null)).status())
        .isEqualTo(201);
    await()
        .atMost(SYNCED)
        .untilAsserted(
            () ->
                assertThat(liveEvents(account))
                    .extracting(e -> e.path("summary").asText())
                    .containsExactlyInAnyOrder("Send the offer", "Follow up on the offer"));
  }

  @Test
  void anAccessTokenGoogleNoLongerAccepts_isReplaced_andTheChangeStillArrives() {
    String userId = CalSyncSystem.newUserId("frank");
    String account = system.newGoogleAccount("frank");
    GoogleConnections.connect(system, userId, account);
    Api tasks = new Api(system.taskServiceUrl(), system.jwts().user(userId));
    Api.Response created = tasks.post("/api/v1/tasks", task("Board prep", null));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    awaitOneLiveEvent(account, "Board prep");
    long tokenCalls = system.google().callCount("oauth.token");

    // Google ends the access token early (as it may at any time); the refresh token still works.
    assertThat(system.google().control().expireAccessTokens(account)).isPositive();
    Api.Response renamed =
        tasks.put(
            "/api/v1/tasks/" + created.json().path("id").asText(),
            task("Board prep (final)", null),
            Map.of("If-Match", created.header("ETag")));
    assertThat(renamed.status()).as(renamed.toString()).isEqualTo(200);

    awaitOneLiveEvent(account, "Board prep (final)");
    assertThat(system.google().callCount("oauth.token")).isGreaterThan(tokenCalls);
  }

  @Test
  void aGoogleOutage_isRetried_andTheEventIsCreatedOnce() {
    String userId = CalSyncSystem.newUserId("grace");
    String account = system.newGoogleAccount("grace");
    GoogleConnections.connect(system, userId, account);
    system
        .google()
        .control()
        .injectErrors(
            new FaultInjector.ErrorRule(
                null, 503, "backendError", null, 2, null, "events.insert", account));

    Api tasks = new Api(system.taskServiceUrl(), system.jwts().user(userId));
    assertThat(tasks.post("/api/v1/tasks", task("Renewal call", null)).status()).isEqualTo(201);

    awaitOneLiveEvent(account, "Renewal call");
    assertThat(system.google().control().events(account)).hasSize(1);
    assertThat(system.google().callCount("events.insert", account)).isGreaterThanOrEqualTo(3);
  }

  @Test
  void nothingReachesGoogleWhileSyncIsPaused_andTheTaskFollowsWhenItResumes() {
    String userId = CalSyncSystem.newUserId("heidi");
    String account = system.newGoogleAccount("heidi");
    // Paused before connecting, so the connection itself already says PAUSED: settings changes
    // and task events travel on different topics and are not ordered against each other.
    Api settings = new Api(system.tokenServiceUrl(), system.jwts().user(userId));
    Api.Response paused = settings.put("/api/v1/sync/settings", settings("PAUSED"), Map.of());
    assertThat(paused.status()).as(paused.toString()).isEqualTo(200);
    GoogleConnections.connect(system, userId, account);

    Api tasks = new Api(system.taskServiceUrl(), system.jwts().user(userId));
    Api.Response created = tasks.post("/api/v1/tasks", task("Budget review", null));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    String taskId = created.json().path("id").asText();
    Api history = new Api(system.syncOrchestratorUrl(), system.jwts().user(userId));
    await()
        .atMost(SYNCED)
        .until(
            () ->
                historyOf(history, taskId)
                    .anyMatch(e -> "SKIPPED".equals(e.path("outcome").asText())));
    assertThat(system.google().control().events(account)).isEmpty();

    Api.Response resumed = settings.put("/api/v1/sync/settings", settings("TWO_WAY"), Map.of());
    assertThat(resumed.status()).as(resumed.toString()).isEqualTo(200);
    awaitOneLiveEvent(account, "Budget review");
  }

  @Test
  @Disabled(
      "sync-orchestrator bug, see end-to-end-tests/README.md 'Known gaps': a rename made right after"
          + " disconnecting is sent as if the user were connected, the connector answers"
          + " not-connected, and LinkRepository.pushedUpsert has already recorded the version, so"
          + " the catch-up on reconnect never pushes it. Re-enable with the fix.")
  void aChangeMadeWhileDisconnected_arrivesAfterReconnecting_withoutADuplicateEvent() {
    String userId = CalSyncSystem.newUserId("judy");
    String account = system.newGoogleAccount("judy");
    GoogleConnections.connect(system, userId, account);
    Api tasks = new Api(system.taskServiceUrl(), system.jwts().user(userId));
    Api.Response created = tasks.post("/api/v1/tasks", task("Pipeline review", null));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    String eventId = awaitOneLiveEvent(account, "Pipeline review").path("id").asText();

    Api connection = new Api(system.tokenServiceUrl(), system.jwts().user(userId));
    Api.Response disconnected = connection.delete("/api/v1/connections/google");
    assertThat(disconnected.status()).as(disconnected.toString()).isEqualTo(204);
    Api.Response renamed =
        tasks.put(
            "/api/v1/tasks/" + created.json().path("id").asText(),
            task("Pipeline review (Q3)", null),
            Map.of("If-Match", created.header("ETag")));
    assertThat(renamed.status()).as(renamed.toString()).isEqualTo(200);

    GoogleConnections.connect(system, userId, account);

    assertThat(awaitOneLiveEvent(account, "Pipeline review (Q3)").path("id").asText())
        .isEqualTo(eventId);
    assertThat(system.google().control().events(account)).hasSize(1);
  }

  @Test
  void withTheDeleteEventPolicy_completingATaskRemovesItsEvent() {
    String userId = CalSyncSystem.newUserId("ken");
    String account = system.newGoogleAccount("ken");
    Api settings = new Api(system.tokenServiceUrl(), system.jwts().user(userId));
    assertThat(
            settings
                .put(
                    "/api/v1/sync/settings",
                    settings("CRM_TO_GOOGLE", "DELETE_EVENT", "SKIP"),
                    Map.of())
                .status())
        .isEqualTo(200);
    GoogleConnections.connect(system, userId, account);
    Api tasks = new Api(system.taskServiceUrl(), system.jwts().user(userId));
    Api.Response created = tasks.post("/api/v1/tasks", task("Order new laptops", null));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    awaitOneLiveEvent(account, "Order new laptops");

    Api.Response completed =
        tasks.put(
            "/api/v1/tasks/" + created.json().path("id").asText() + "/completion", null, Map.of());
    assertThat(completed.status()).as(completed.toString()).isEqualTo(200);

    await().atMost(SYNCED).untilAsserted(() -> assertThat(liveEvents(account)).isEmpty());
  }

  @Test
  void withTheAllDayPolicy_aDateOnlyTaskBecomesAnAllDayEvent() {
    String userId = CalSyncSystem.newUserId("liam");
    String account = system.newGoogleAccount("liam");
    Api settings = new Api(system.tokenServiceUrl(), system.jwts().user(userId));
    assertThat(
            settings
                .put(
                    "/api/v1/sync/settings",
                    settings("TWO_WAY", "MARK_EVENT", "ALL_DAY_EVENT"),
                    Map.of())
                .status())
        .isEqualTo(200);
    GoogleConnections.connect(system, userId, account);
    Map<String, Object> dateOnly = task("Quarter closes", null);
    dateOnly.remove("dueTime");
    Api tasks = new Api(system.taskServiceUrl(), system.jwts().user(userId));
    assertThat(tasks.post("/api/v1/tasks", dateOnly).status()).isEqualTo(201);

    ObjectNode event = awaitOneLiveEvent(account, "Quarter closes");
    assertThat(event.path("start").path("date").asText()).isEqualTo(DUE_DATE.toString());
    // Google's end date is exclusive.
    assertThat(event.path("end").path("date").asText()).isEqualTo(DUE_DATE.plusDays(1).toString());
  }

  @Test
  void accessRevokedInTheGoogleAccount_isShownAsLost_andTheParkedChangeArrivesAfterReconnecting() {
    String userId = CalSyncSystem.newUserId("mia");
    String account = system.newGoogleAccount("mia");
    GoogleConnections.connect(system, userId, account);
    Api tasks = new Api(system.taskServiceUrl(), system.jwts().user(userId));
    Api.Response created = tasks.post("/api/v1/tasks", task("Vendor audit", null));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    String eventId = awaitOneLiveEvent(account, "Vendor audit").path("id").asText();

    // The user removes CalSync from their Google account's third-party access page.
    assertThat(system.google().control().revokeGrants(account, CalSyncSystem.GOOGLE_CLIENT_ID))
        .isPositive();
    Api.Response renamed =
        tasks.put(
            "/api/v1/tasks/" + created.json().path("id").asText(),
            task("Vendor audit (moved)", null),
            Map.of("If-Match", created.header("ETag")));
    assertThat(renamed.status()).as(renamed.toString()).isEqualTo(200);

    Api connection = new Api(system.tokenServiceUrl(), system.jwts().user(userId));
    await()
        .atMost(SYNCED)
        .untilAsserted(
            () ->
                assertThat(
                        connection.get("/api/v1/connections/google").json().path("status").asText())
                    .isEqualTo("LOST"));
    assertThat(liveEvents(account))
        .extracting(e -> e.path("summary").asText())
        .containsExactly("Vendor audit");

    GoogleConnections.connect(system, userId, account);
    assertThat(awaitOneLiveEvent(account, "Vendor audit (moved)").path("id").asText())
        .isEqualTo(eventId);
    assertThat(system.google().control().events(account)).hasSize(1);
  }

  private static Map<String, Object> settings(String mode) {
    return settings(mode, "MARK_EVENT", "SKIP");
  }

  private static Map<String, Object> settings(
      String mode, String completedTaskPolicy, String dateOnlyTaskPolicy) {
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("mode", mode);
    settings.put("completedTaskPolicy", completedTaskPolicy);
    settings.put("dateOnlyTaskPolicy", dateOnlyTaskPolicy);
    settings.put("defaultEventDurationMinutes", 30);
    return settings;
  }

  /** The user's sync history entries about {@code taskId}, newest first. */
  private static Stream<JsonNode> historyOf(Api history, String taskId) {
    Api.Response page = history.get("/api/v1/sync/history?limit=200");
    assertThat(page.status()).as(page.toString()).isEqualTo(200);
    return StreamSupport.stream(page.json().spliterator(), false)
        .filter(entry -> taskId.equals(entry.path("taskId").asText()));
  }

  private static Map<String, Object> task(String title, String description) {
    Map<String, Object> task = new LinkedHashMap<>();
    task.put("title", title);
    task.put("description", description);
    task.put("dueDate", DUE_DATE.toString());
    task.put("dueTime", DUE_TIME.toString());
    task.put("timeZone", ZONE);
    return task;
  }

  /** Waits until the account's calendar holds exactly one live event, with {@code summary}. */
  private static ObjectNode awaitOneLiveEvent(String account, String summary) {
    return await()
        .atMost(SYNCED)
        .pollInterval(Duration.ofMillis(250))
        .until(
            () -> liveEvents(account),
            events -> events.size() == 1 && summary.equals(events.get(0).path("summary").asText()))
        .get(0);
  }

  private static List<ObjectNode> liveEvents(String account) {
    return system.google().control().events(account).stream()
        .filter(event -> !"cancelled".equals(event.path("status").asText()))
        .toList();
  }

  /** 14:30 in Berlin on 15 March 2030 (CET, UTC+1), 30 minutes long (the default duration). */
  private static void assertStartsAtDueTimeInTheTaskZone(JsonNode event) {
    Instant due = LocalDateTime.of(DUE_DATE, DUE_TIME).atZone(ZoneId.of(ZONE)).toInstant();
    JsonNode start = event.path("start");
    JsonNode end = event.path("end");
    assertThat(OffsetDateTime.parse(start.path("dateTime").asText()).toInstant())
        .as("start " + start)
        .isEqualTo(due);
    assertThat(start.path("timeZone").asText()).isEqualTo(ZONE);
    assertThat(OffsetDateTime.parse(end.path("dateTime").asText()).toInstant())
        .as("end " + end)
        .isEqualTo(due.plus(Duration.ofMinutes(30)));
  }

  private static KafkaProducer<String, Object> producer() {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            system.kafkaBootstrapServers(),
            ProducerConfig.ACKS_CONFIG,
            "all",
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
            true),
        new StringSerializer(),
        new CloudEventSerializer("/crm/import-job"));
  }

  private static ProducerRecord<String, Object> record(ContractMessage body, String messageId) {
    ProducerRecord<String, Object> record =
        new ProducerRecord<>(Topics.TASK_EVENTS, body.userId(), body);
    record.headers().add(CloudEventHeaders.ID, messageId.getBytes(StandardCharsets.UTF_8));
    return record;
  }
}
