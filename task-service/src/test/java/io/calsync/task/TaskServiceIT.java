package io.calsync.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.calsync.contracts.ContractMessage;
import io.calsync.contracts.Topics;
import io.calsync.contracts.task.UnlinkTaskFromEvent;
import io.calsync.testsupport.CalSyncTestInfrastructure;
import io.calsync.testsupport.DeadLetters;
import io.calsync.testsupport.FlywayMigrations;
import io.calsync.testsupport.KafkaTopicAssertions;
import io.calsync.testsupport.PostgresDatabase;
import java.time.Duration;
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
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Boots task-service against the shared Kafka broker and a fresh PostgreSQL database. */
@SpringBootTest(
    webEnvironment = WebEnvironment.RANDOM_PORT,
    // Another context consuming crm.task-commands in the same group would apply TaskCommandsIT's
    // commands to this test's database and publish them a second time.
    properties = "calsync.task-commands.auto-startup=false")
// Spring Boot switches metrics export off in tests; the Prometheus endpoint is under test here.
@AutoConfigureObservability(tracing = false)
class TaskServiceIT {

  private static final String PROBE = "task-service-it-probe";

  /**
   * Longer than the first retry would take but far shorter than the whole back-off (about a
   * minute): a record that arrives in the dead-letter topic within it was not retried.
   */
  private static final Duration WITHOUT_RETRIES = Duration.ofSeconds(20);

  private static PostgresDatabase database;

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    database = CalSyncTestInfrastructure.register(registry, "tasks");
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
        .value(
            body ->
                assertThat(body)
                    .contains(
                        "jvm_memory_used_bytes",
                        "calsync_outbox_published_total",
                        "calsync_outbox_backlog_rows",
                        "calsync_outbox_lag_seconds",
                        "calsync_outbox_relay_leader"));
  }

  @Test
  void migratesTheTaskSchemaWithFlyway() {
    // Every migration the service ships ran, in order, and none failed.
    assertThat(database.appliedMigrations())
        .isNotEmpty()
        .containsExactlyElementsOf(FlywayMigrations.versionsOnClasspath());
    assertThat(database.tableNames()).contains("task", "outbox", "processed_command");
    assertThat(
            database.queryStrings(
                "select column_name from information_schema.columns where table_name = 'task'"))
        .contains("calendar_id", "event_id", "unlinked_reason");
  }

  @Test
  void declaresItsTopicsAndDeadLetterTopicsWithContractShape() {
    KafkaTopicAssertions.assertDeclaredWithContractShape(
        kafkaAdmin.getConfigurationProperties(), Topics.TASK_EVENTS, Topics.TASK_COMMANDS);
  }

  @Test
  void rejectsApiRequestWithoutBearerToken() {
    http.get()
        .uri("/api/v1/tasks")
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
    UnlinkTaskFromEvent valid = unlinkCommand(userId);

    RecordMetadata poisonSent = send(DeadLetters.poison(Topics.TASK_COMMANDS, userId, poisonType));
    RecordMetadata validSent = send(new ProducerRecord<>(Topics.TASK_COMMANDS, userId, valid));

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
        DeadLetters.first(Topics.TASK_COMMANDS, userId, WITHOUT_RETRIES), poisonSent, poisonType);
  }

  private RecordMetadata send(ProducerRecord<Object, Object> record) throws Exception {
    return kafkaTemplate.send(record).get(10, TimeUnit.SECONDS).getRecordMetadata();
  }

  private static UnlinkTaskFromEvent unlinkCommand(String userId) {
    return new UnlinkTaskFromEvent(
        UUID.randomUUID().toString(),
        userId,
        UUID.randomUUID().toString(),
        "primary",
        "calsync0123456789abcdef",
        UnlinkTaskFromEvent.EVENT_DELETED);
  }

  /**
   * Stands in for the business listeners that later issues add: a listener on a consumed topic,
   * built by the service's own container factory, so the test exercises the service's error
   * handling configuration.
   */
  static class ProbeListener {

    final Queue<ConsumerRecord<String, ContractMessage>> received = new ConcurrentLinkedQueue<>();

    @KafkaListener(id = PROBE, groupId = PROBE, topics = Topics.TASK_COMMANDS)
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
