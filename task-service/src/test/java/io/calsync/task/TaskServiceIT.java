package io.calsync.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.calsync.contracts.ContractMessage;
import io.calsync.contracts.ContractViolationException;
import io.calsync.contracts.TopicSpec;
import io.calsync.contracts.Topics;
import io.calsync.contracts.cloudevents.CloudEventHeaders;
import io.calsync.contracts.task.UnlinkTaskFromEvent;
import io.calsync.testsupport.CalSyncTestInfrastructure;
import io.calsync.testsupport.PostgresDatabase;
import io.calsync.testsupport.SharedKafka;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
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
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.kafka.support.serializer.DeserializationException;
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
  void migratesTheTaskSchemaWithFlyway() throws SQLException {
    try (Connection connection =
        DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password())) {
      assertThat(
              strings(
                  connection,
                  "select version from flyway_schema_history where success order by"
                      + " installed_rank"))
          .containsExactly("1", "2", "3");
      assertThat(
              strings(
                  connection,
                  "select table_name from information_schema.tables where table_schema ="
                      + " 'public'"))
          .contains("task", "outbox", "processed_command");
      assertThat(
              strings(
                  connection,
                  "select column_name from information_schema.columns where table_name = 'task'"))
          .contains("calendar_id", "event_id", "unlinked_reason");
    }
  }

  @Test
  void declaresItsTopicsAndDeadLetterTopicsWithContractShape() throws Exception {
    List<TopicSpec> expected =
        Stream.of(Topics.TASK_EVENTS, Topics.TASK_COMMANDS)
            .map(Topics::spec)
            .flatMap(spec -> Stream.of(spec, spec.deadLetter()))
            .toList();
    List<String> names = expected.stream().map(TopicSpec::name).toList();

    try (AdminClient admin = AdminClient.create(kafkaAdmin.getConfigurationProperties())) {
      Map<String, TopicDescription> topics = admin.describeTopics(names).allTopicNames().get();
      List<ConfigResource> resources =
          names.stream().map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name)).toList();
      Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get();

      for (TopicSpec spec : expected) {
        assertThat(topics.get(spec.name()).partitions())
            .as("partitions of %s", spec.name())
            .hasSize(Topics.USER_KEYED_PARTITIONS);
        String cleanupPolicy =
            configs
                .get(new ConfigResource(ConfigResource.Type.TOPIC, spec.name()))
                .get(TopicConfig.CLEANUP_POLICY_CONFIG)
                .value();
        assertThat(cleanupPolicy)
            .as("cleanup.policy of %s", spec.name())
            .isEqualTo(
                spec.compacted()
                    ? TopicConfig.CLEANUP_POLICY_COMPACT
                    : TopicConfig.CLEANUP_POLICY_DELETE);
      }
    }
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
    byte[] garbage = "{\"not\": json".getBytes(StandardCharsets.UTF_8);
    ProducerRecord<Object, Object> poison =
        new ProducerRecord<>(Topics.TASK_COMMANDS, userId, garbage);
    CloudEventHeaders.set(poison.headers(), CloudEventHeaders.SPEC_VERSION, "1.0");
    CloudEventHeaders.set(poison.headers(), CloudEventHeaders.TYPE, "io.calsync.task.no-such.v1");
    CloudEventHeaders.set(poison.headers(), CloudEventHeaders.ID, UUID.randomUUID().toString());
    CloudEventHeaders.set(poison.headers(), CloudEventHeaders.SOURCE, "/tests/poison");
    UnlinkTaskFromEvent valid = unlinkCommand(userId);

    RecordMetadata poisonSent = send(poison);
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

    ConsumerRecord<String, byte[]> dead = deadLetter(Topics.TASK_COMMANDS, userId);
    assertThat(dead.partition()).isEqualTo(poisonSent.partition());
    assertThat(dead.value()).isEqualTo(garbage);
    assertThat(text(dead, KafkaHeaders.DLT_ORIGINAL_TOPIC)).isEqualTo(Topics.TASK_COMMANDS);
    assertThat(ByteBuffer.wrap(header(dead, KafkaHeaders.DLT_ORIGINAL_OFFSET)).getLong())
        .isEqualTo(poisonSent.offset());
    assertThat(text(dead, KafkaHeaders.DLT_EXCEPTION_FQCN))
        .isEqualTo(DeserializationException.class.getName());
    assertThat(text(dead, KafkaHeaders.DLT_EXCEPTION_STACKTRACE))
        .contains(
            ContractViolationException.class.getName()
                + ": unknown ce_type `io.calsync.task.no-such.v1`");
    assertThat(text(dead, CloudEventHeaders.TYPE)).isEqualTo("io.calsync.task.no-such.v1");
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

  /** The first record keyed {@code key} in the dead-letter topic of {@code topic}. */
  private static ConsumerRecord<String, byte[]> deadLetter(String topic, String key) {
    String dlt = Topics.dlt(topic);
    Map<String, Object> config =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            SharedKafka.bootstrapServers(),
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
            false);
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(dlt).stream()
              .map(info -> new TopicPartition(dlt, info.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
      await()
          .atMost(WITHOUT_RETRIES)
          .until(
              () -> {
                consumer
                    .poll(Duration.ofMillis(200))
                    .forEach(
                        record -> {
                          if (key.equals(record.key())) {
                            found.add(record);
                          }
                        });
                return !found.isEmpty();
              });
      return found.get(0);
    }
  }

  private static byte[] header(ConsumerRecord<?, ?> record, String name) {
    Header header = record.headers().lastHeader(name);
    assertThat(header).as("header %s", name).isNotNull();
    return header.value();
  }

  private static String text(ConsumerRecord<?, ?> record, String name) {
    return new String(header(record, name), StandardCharsets.UTF_8);
  }

  private static List<String> strings(Connection connection, String sql) throws SQLException {
    List<String> values = new ArrayList<>();
    try (var statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      while (rows.next()) {
        values.add(rows.getString(1));
      }
    }
    return values;
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
