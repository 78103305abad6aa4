package io.calsync.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.calsync.contracts.ContractMessage;
import io.calsync.contracts.Topics;
import io.calsync.contracts.task.Origins;
import io.calsync.contracts.task.TaskDeleted;
import io.calsync.contracts.task.TaskStatus;
import io.calsync.testsupport.CalSyncTestInfrastructure;
import io.calsync.testsupport.DeadLetters;
import io.calsync.testsupport.FlywayMigrations;
import io.calsync.testsupport.KafkaTopicAssertions;
import io.calsync.testsupport.PostgresDatabase;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Boots sync-orchestrator against the shared Kafka broker and a fresh PostgreSQL database. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
// Spring Boot switches metrics export off in tests; the Prometheus endpoint is under test here.
@AutoConfigureObservability(tracing = false)
// Closed after the class: a context left running would keep consuming the shared topics and, with
// its own database, answer the next class's records a second time.
@DirtiesContext
class SyncOrchestratorIT {

  private static final String PROBE = "sync-orchestrator-it-probe";

  /**
   * Longer than the first retry would take but far shorter than the whole back-off (about a
   * minute): a record that arrives in the dead-letter topic within it was not retried.
   */
  private static final Duration WITHOUT_RETRIES = Duration.ofSeconds(20);

  private static PostgresDatabase database;

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    database = CalSyncTestInfrastructure.register(registry, "orchestrator");
    // Its own group: another test context of this JVM must not take partitions from this one.
    registry.add("spring.kafka.consumer.group-id", () -> "orchestrator-it-" + UUID.randomUUID());
  }

  @Autowired WebTestClient http;
  @Autowired KafkaAdmin kafkaAdmin;
  @Autowired KafkaTemplate<Object, Object> kafkaTemplate;
  @Autowired KafkaListenerEndpointRegistry listeners;
  @Autowired CommonErrorHandler errorHandler;
  @Autowired ProbeListener probe;

  @Test
  void reportsLivenessAndReadinessUp() {
    for (String probe : List.of("liveness", "readiness")) {
      http.get()
          .uri("/actuator/health/" + probe)
          .exchange()
          .expectStatus()
          .isOk()
          .expectBody()
          .jsonPath("$.status")
          .isEqualTo("UP");
    }
  }

  @Test
  void servesPrometheusScrapeWithoutToken() {
    http.get()
        .uri("/actuator/prometheus")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody(String.class)
        .value(body -> assertThat(body).contains("jvm_memory_used_bytes"));
  }

  @Test
  void migratesTheOrchestratorSchemaWithFlyway() {
    // Every migration the service ships ran, in order, and none failed.
    assertThat(database.appliedMigrations())
        .isNotEmpty()
        .containsExactlyElementsOf(FlywayMigrations.versionsOnClasspath());
    assertThat(database.tableNames())
        .contains(
            "link",
            "user_settings",
            "sync_history",
            "processed_message",
            "task_state",
            "calendar_command");
  }

  @Test
  void declaresItsTopicsAndDeadLetterTopicsWithContractShape() {
    KafkaTopicAssertions.assertDeclaredWithContractShape(
        kafkaAdmin.getConfigurationProperties(),
        Topics.TASK_EVENTS,
        Topics.CALENDAR_COMMANDS,
        Topics.TASK_EVENTS,
        Topics.EVENT_CHANGES,
        Topics.COMMAND_RESULTS,
        Topics.CONNECTION_EVENTS,
        Topics.SYNC_REQUESTS);
  }

  @Test
  void rejectsApiRequestWithoutBearerToken() {
    http.get()
        .uri("/api/v1/sync/history")
        .exchange()
        .expectStatus()
        .isUnauthorized()
        .expectHeader()
        .valueMatches("WWW-Authenticate", "Bearer.*");
  }

  @Test
  void listenersUseTheServiceErrorHandler() {
    var container = (AbstractMessageListenerContainer<?, ?>) listeners.getListenerContainer(PROBE);
    assertThat(container.getCommonErrorHandler()).isSameAs(errorHandler);
  }

  @Test
  void deadLettersPoisonRecordWithoutRetrying_andKeepsConsumingItsPartition() throws Exception {
    String userId = "user-" + UUID.randomUUID();
    String poisonType = "io.calsync.task.no-such.v1";
    TaskDeleted valid = taskDeleted(userId);

    RecordMetadata poisonSent = send(DeadLetters.poison(Topics.TASK_EVENTS, userId, poisonType));
    RecordMetadata validSent = send(new ProducerRecord<>(Topics.TASK_EVENTS, userId, valid));

    assertThat(validSent.partition()).isEqualTo(poisonSent.partition());
    await()
        .atMost(WITHOUT_RETRIES)
        .untilAsserted(
            () ->
                assertThat(probe.received)
                    .filteredOn(record -> userId.equals(record.key()))
                    .extracting(ConsumerRecord::value)
                    .containsExactly(valid));

    DeadLetters.assertIsDeadLetteredPoison(
        DeadLetters.first(Topics.TASK_EVENTS, userId, WITHOUT_RETRIES), poisonSent, poisonType);
  }

  private RecordMetadata send(ProducerRecord<Object, Object> record) throws Exception {
    return kafkaTemplate.send(record).get(10, TimeUnit.SECONDS).getRecordMetadata();
  }

  private static TaskDeleted taskDeleted(String userId) {
    return new TaskDeleted(
        UUID.randomUUID().toString(),
        userId,
        "Call the customer",
        null,
        LocalDate.of(2026, 12, 1),
        LocalTime.of(9, 30),
        "Europe/Berlin",
        null,
        TaskStatus.OPEN,
        2,
        Instant.parse("2026-11-27T10:00:00Z"),
        Origins.CRM,
        null);
  }

  /**
   * A second consumer group on a consumed topic, built by the service's own container factory, so
   * the test sees exactly what the service's error handling configuration lets through.
   */
  static class ProbeListener {

    final Queue<ConsumerRecord<String, ContractMessage>> received = new ConcurrentLinkedQueue<>();

    @KafkaListener(id = PROBE, groupId = PROBE, topics = Topics.TASK_EVENTS)
    void onRecord(ConsumerRecord<String, ContractMessage> record) {
      received.add(record);
    }
  }

  @TestConfiguration
  static class ProbeListenerConfig {

    @Bean
    ProbeListener probeListener() {
      return new ProbeListener();
    }
  }
}
