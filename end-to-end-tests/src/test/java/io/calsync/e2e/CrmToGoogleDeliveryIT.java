package io.calsync.e2e;

import static io.calsync.e2e.TestUser.SYNCED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.calsync.contracts.EventTypes;
import io.calsync.contracts.Topics;
import io.calsync.contracts.cloudevents.CloudEventHeaders;
import io.calsync.contracts.task.TaskCreated;
import io.calsync.contracts.task.TaskStatus;
import io.calsync.emulator.faults.FaultInjector;
import io.calsync.emulator.faults.QuotaLimiter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 5, delivery guarantees end to end: duplicates and a replay of the whole task-event topic
 * change nothing in Google, Google's rate limits and outages delay changes but lose none, and a
 * record nobody can read is dead-lettered without stopping its user's later changes.
 */
class CrmToGoogleDeliveryIT {

  /** sync-orchestrator's consumer group (its {@code KAFKA_CONSUMER_GROUP} default). */
  private static final String ORCHESTRATOR_GROUP = "sync-orchestrator";

  /** calendar-connector's main consumer group, which executes calendar commands. */
  private static final String CONNECTOR_GROUP = "calendar-connector";

  private static final String GOOGLE_RETRIES = "resilience4j_retry_calls_total";

  private static CalSyncSystem system;
  private static KafkaTopics kafka;

  @BeforeAll
  static void startSystem() {
    system = CalSyncSystem.get();
    kafka = new KafkaTopics(system);
  }

  @Test
  void
      aTaskEventDeliveredThreeTimes_andAReplayOfTheWholeTopic_leaveOneEventPerTask_andNoGoogleWrite()
          throws Exception {
    TestUser user = TestUser.connected(system, "nina");
    Api.Response first = user.createTask(TaskMother.dueAt("Renewal call with Umbrella", null));
    user.createTask(TaskMother.dueAt("Send the Umbrella quote", "v2 pricing"));
    user.replaceTask(
        first.json().path("id").asText(),
        TaskMother.dueAt("Renewal call with Umbrella (CFO joins)", null),
        first.header("ETag"));
    String importedId = UUID.randomUUID().toString();
    String messageId = UUID.randomUUID().toString();
    try (KafkaProducer<String, Object> otherCrmService = kafka.crmServiceProducer()) {
      for (int delivery = 0; delivery < 3; delivery++) {
        otherCrmService.send(KafkaTopics.taskEvent(imported(importedId, user.id()), messageId));
      }
      otherCrmService.flush();
    }
    String[] summaries = {
      "Renewal call with Umbrella (CFO joins)",
      "Send the Umbrella quote",
      "Imported: Umbrella onboarding"
    };
    user.awaitLiveSummaries(summaries);
    // Everything decided so far has been executed: the commands topic is drained.
    kafka.awaitConsumed(ORCHESTRATOR_GROUP, Topics.TASK_EVENTS, SYNCED);
    kafka.awaitConsumed(CONNECTOR_GROUP, Topics.CALENDAR_COMMANDS, SYNCED);
    long writes = user.googleWrites();
    long upsertsSent = upsertsSent(user);

    // A replay as an operator would start it: every record of the topic, from offset 0, delivered
    // again with its key, headers and bytes, to its partition (so the order per user is kept). The
    // orchestrator's own group cannot be reset while it runs; a re-publication is what a reset
    // looks like to it: each ce_id, version and task a second time.
    List<ConsumerRecord<byte[], byte[]>> topic = kafka.readAll(Topics.TASK_EVENTS);
    assertThat(topic)
        .as("this user's records on the topic")
        .filteredOn(record -> user.id().equals(new String(record.key(), StandardCharsets.UTF_8)))
        .hasSizeGreaterThanOrEqualTo(6);
    try (KafkaProducer<byte[], byte[]> replay = kafka.rawProducer()) {
      for (ConsumerRecord<byte[], byte[]> record : topic) {
        replay.send(
            new ProducerRecord<>(
                record.topic(),
                record.partition(),
                record.key(),
                record.value(),
                record.headers()));
      }
      replay.flush();
    }
    kafka.awaitConsumed(ORCHESTRATOR_GROUP, Topics.TASK_EVENTS, Duration.ofMinutes(3));
    kafka.awaitConsumed(CONNECTOR_GROUP, Topics.CALENDAR_COMMANDS, SYNCED);

    assertThat(user.googleWrites()).as("writes to Google after the replay").isEqualTo(writes);
    assertThat(upsertsSent(user)).as("UpsertEvent commands in the history").isEqualTo(upsertsSent);
    List<ObjectNode> events = user.liveEvents();
    assertThat(events)
        .extracting(event -> event.path("summary").asText())
        .containsExactlyInAnyOrder(summaries);
    assertThat(events)
        .extracting(
            e -> e.path("extendedProperties").path("private").path("calsyncTaskId").asText())
        .doesNotHaveDuplicates()
        .contains(importedId);
    assertThat(user.events()).as("no event created and deleted meanwhile").hasSize(3);
  }

  @Test
  void
      changesMadeWhileGoogleRateLimitsAndFails_allArrive_andTheRetriesShowInTheConnectorsMetrics() {
    TestUser user = TestUser.connected(system, "oscar");
    double retriesBefore = googleRetries();

    // Phase 1: Google answers the user's calls with rate-limit errors (403 userRateLimitExceeded,
    // then 429). Fewer failures than the retry budget of one call (6 attempts), so even a single
    // call that meets all of them must get through.
    system
        .google()
        .control()
        .rateLimit(
            new QuotaLimiter.RateLimitRule(
                null, QuotaLimiter.Scope.USER, user.account(), 403, 2, null));
    system
        .google()
        .control()
        .rateLimit(
            new QuotaLimiter.RateLimitRule(
                null, QuotaLimiter.Scope.USER, user.account(), 429, 2, null));
    Api.Response first = user.createTask(TaskMother.dueAt("Kick-off with Wonka", null));
    user.createTask(TaskMother.dueAt("Wonka contract draft", null));
    user.awaitLiveSummaries("Kick-off with Wonka", "Wonka contract draft");

    // Phase 2: a burst of 5xx on the user's writes: the rename's patch and the new task's insert
    // each meet two.
    system
        .google()
        .control()
        .injectErrors(
            new FaultInjector.ErrorRule(
                null, 503, "backendError", null, 2, null, "events.patch", user.account()));
    system
        .google()
        .control()
        .injectErrors(
            new FaultInjector.ErrorRule(
                null, 500, "backendError", null, 2, null, "events.insert", user.account()));
    user.replaceTask(
        first.json().path("id").asText(),
        TaskMother.dueAt("Kick-off with Wonka (moved)", null),
        first.header("ETag"));
    user.createTask(TaskMother.dueAt("Wonka security review", null));
    user.awaitLiveSummaries(
        "Kick-off with Wonka (moved)", "Wonka contract draft", "Wonka security review");

    // The injected errors were all served: a rule is active until its count is used up.
    assertThat(system.google().control().errorRules())
        .noneMatch(rule -> user.account().equals(rule.account()));
    assertThat(user.events()).hasSize(3);
    assertThat(googleRetries())
        .as("%s{name=google-calendar,kind=successful_with_retry}", GOOGLE_RETRIES)
        .isGreaterThan(retriesBefore);
  }

  @Test
  void aPoisonTaskEvent_landsInTheDeadLetterTopicWithItsReason_andTheUsersLaterEventsKeepFlowing() {
    TestUser user = TestUser.connected(system, "peggy");
    String unreadable = UUID.randomUUID().toString();
    String breaksTheContract = UUID.randomUUID().toString();
    try (KafkaProducer<byte[], byte[]> producer = kafka.rawProducer()) {
      producer.send(poison(user.id(), unreadable, "{\"taskId\": \"1\", \"title\": "));
      // Valid JSON, but without the title, due date and version the contract requires.
      producer.send(
          poison(user.id(), breaksTheContract, "{\"taskId\":\"" + UUID.randomUUID() + "\"}"));
      producer.flush();
    }
    String taskId = UUID.randomUUID().toString();
    try (KafkaProducer<String, Object> otherCrmService = kafka.crmServiceProducer()) {
      otherCrmService.send(
          KafkaTopics.taskEvent(imported(taskId, user.id()), UUID.randomUUID().toString()));
      otherCrmService.flush();
    }

    // Same key, so the same partition, after the poison: it flowed past them.
    ObjectNode event = user.awaitOneLiveEvent("Imported: Umbrella onboarding");
    assertThat(event.path("extendedProperties").path("private").path("calsyncTaskId").asText())
        .isEqualTo(taskId);
    for (String poisonId : List.of(unreadable, breaksTheContract)) {
      ConsumerRecord<byte[], byte[]> dead =
          await()
              .atMost(SYNCED)
              .pollInterval(Duration.ofSeconds(1))
              .until(() -> deadLetter(poisonId), record -> record != null);
      assertThat(new String(dead.key(), StandardCharsets.UTF_8)).isEqualTo(user.id());
      assertThat(header(dead, "kafka_dlt-original-topic")).isEqualTo(Topics.TASK_EVENTS);
      assertThat(header(dead, "kafka_dlt-exception-fqcn")).as("exception class").isNotBlank();
      assertThat(header(dead, "kafka_dlt-exception-message")).as("reason").isNotBlank();
    }
  }

  private static ConsumerRecord<byte[], byte[]> deadLetter(String messageId) {
    return kafka.readAll(Topics.dlt(Topics.TASK_EVENTS)).stream()
        .filter(record -> messageId.equals(header(record, CloudEventHeaders.ID)))
        .findFirst()
        .orElse(null);
  }

  private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  /**
   * A record with valid CloudEvent headers for a {@code TaskCreated} and a body that is not one.
   */
  private static ProducerRecord<byte[], byte[]> poison(
      String userId, String messageId, String body) {
    ProducerRecord<byte[], byte[]> record =
        new ProducerRecord<>(
            Topics.TASK_EVENTS,
            userId.getBytes(StandardCharsets.UTF_8),
            body.getBytes(StandardCharsets.UTF_8));
    Map.of(
            CloudEventHeaders.ID,
            messageId,
            CloudEventHeaders.TYPE,
            EventTypes.TASK_CREATED,
            CloudEventHeaders.SOURCE,
            "/crm/broken-job",
            CloudEventHeaders.SPEC_VERSION,
            CloudEventHeaders.SPEC_VERSION_1_0,
            CloudEventHeaders.TIME,
            Instant.now().toString(),
            CloudEventHeaders.CONTENT_TYPE,
            CloudEventHeaders.APPLICATION_JSON)
        .forEach(
            (name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
    return record;
  }

  private static TaskCreated imported(String taskId, String userId) {
    return new TaskCreated(
        taskId,
        userId,
        "Imported: Umbrella onboarding",
        null,
        TaskMother.DUE_DATE,
        TaskMother.DUE_TIME,
        TaskMother.ZONE,
        null,
        TaskStatus.OPEN,
        1,
        Instant.now(),
        "crm-import",
        null);
  }

  private static long upsertsSent(TestUser user) {
    return user.history().stream()
        .filter(entry -> "UPSERT_EVENT".equals(entry.path("action").asText()))
        .filter(entry -> "COMMAND_SENT".equals(entry.path("outcome").asText()))
        .count();
  }

  private static double googleRetries() {
    return Prometheus.scrape(system.calendarConnectorUrl())
        .sum(GOOGLE_RETRIES, Map.of("name", "google-calendar", "kind", "successful_with_retry"));
  }
}
