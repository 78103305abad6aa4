package io.calsync.orchestrator.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.calsync.contracts.ContractMessage;
import io.calsync.contracts.Topics;
import io.calsync.contracts.calendar.CalendarCommand;
import io.calsync.contracts.calendar.CommandResult;
import io.calsync.contracts.calendar.EventChanged;
import io.calsync.contracts.calendar.UpsertEvent;
import io.calsync.contracts.cloudevents.CloudEventAttributes;
import io.calsync.contracts.cloudevents.CloudEventDeserializer;
import io.calsync.contracts.cloudevents.CloudEventSerializer;
import io.calsync.contracts.connection.SyncMode;
import io.calsync.contracts.task.TaskCommand;
import io.calsync.contracts.task.TaskEvent;
import io.calsync.testsupport.CalSyncTestInfrastructure;
import io.calsync.testsupport.PostgresDatabase;
import io.calsync.testsupport.SharedKafka;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The orchestrator's surroundings in its integration tests, through real Kafka and PostgreSQL:
 * publishes records the way a CRM service, token-service and the connector would (contract
 * serializer, plain producer, {@code ce_id} header), reads the commands the orchestrator produces
 * as the connector and task-service would, and reads its tables. One per test class, held in a
 * static field: {@link #register} from the class's {@code @DynamicPropertySource}, {@link #close}
 * after all its tests.
 */
final class OrchestratorFixture implements AutoCloseable {

  /** How long a record may take to be handled; normally well under a second. */
  static final Duration PROCESSED = Duration.ofSeconds(30);

  private final String source;
  private final Map<String, KafkaConsumer<String, ContractMessage>> readers = new HashMap<>();
  private final Map<String, List<ConsumerRecord<String, ContractMessage>>> seen = new HashMap<>();
  private PostgresDatabase database;
  private KafkaProducer<String, Object> producer;

  /**
   * @param source {@code ce_source} of the records published
   */
  OrchestratorFixture(String source) {
    this.source = source;
  }

  /**
   * Points the context at the shared broker and a fresh database, with a consumer group of its own:
   * another test context of this JVM must not take partitions from this one.
   */
  void register(DynamicPropertyRegistry registry, String consumerGroupPrefix) {
    database = CalSyncTestInfrastructure.register(registry, "orchestrator");
    registry.add(
        "spring.kafka.consumer.group-id", () -> consumerGroupPrefix + "-" + UUID.randomUUID());
  }

  @Override
  public synchronized void close() {
    if (producer != null) {
      producer.close();
    }
    readers.values().forEach(KafkaConsumer::close);
  }

  // --- publishing ---

  /** Publishes {@code body} on its topic under a fresh {@code ce_id}, which it returns. */
  String publish(ContractMessage body) throws Exception {
    return publish(body, UUID.randomUUID().toString());
  }

  String publish(ContractMessage body, String messageId) throws Exception {
    ProducerRecord<String, Object> record =
        new ProducerRecord<>(topicOf(body), body.userId(), body);
    CloudEventAttributes.withId(messageId).applyTo(record.headers());
    send(record);
    return messageId;
  }

  /** Sends a record as it is: a tombstone, or a body the contract serializer would not write. */
  void send(ProducerRecord<String, Object> record) throws Exception {
    producer().send(record).get(10, TimeUnit.SECONDS);
  }

  /**
   * Publishes the user's connection (a first connect or a reconnect) and waits until it was
   * handled; returns its {@code ce_id}.
   */
  String connect(String userId, SyncMode mode) throws Exception {
    String messageId =
        publish(ConnectionMother.connectedEvent(userId, ConnectionMother.settings(mode)));
    awaitProcessed(messageId);
    return messageId;
  }

  /**
   * Waits until the record with {@code messageId} was handled: its inbox row commits with its
   * effect, and any command it caused was acknowledged by Kafka before that.
   */
  void awaitProcessed(String messageId) {
    await()
        .atMost(PROCESSED)
        .until(
            () ->
                count("SELECT count(*) FROM processed_message WHERE message_id = ?", messageId)
                    == 1);
  }

  private static String topicOf(ContractMessage body) {
    if (body instanceof TaskEvent) {
      return Topics.TASK_EVENTS;
    }
    if (body instanceof EventChanged) {
      return Topics.EVENT_CHANGES;
    }
    if (body instanceof CommandResult) {
      return Topics.COMMAND_RESULTS;
    }
    return Topics.CONNECTION_EVENTS;
  }

  private synchronized KafkaProducer<String, Object> producer() {
    if (producer == null) {
      producer =
          new KafkaProducer<>(
              Map.of(
                  ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                  SharedKafka.bootstrapServers(),
                  ProducerConfig.ACKS_CONFIG,
                  "all",
                  ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                  true),
              new StringSerializer(),
              new CloudEventSerializer(source));
    }
    return producer;
  }

  // --- what the orchestrator produced ---

  /** The user's calendar commands, up to the topic's current end. */
  List<CalendarCommand> calendarCommands(String userId) {
    return messages(Topics.CALENDAR_COMMANDS, userId).stream()
        .map(CalendarCommand.class::cast)
        .toList();
  }

  /** The calendar commands for one task, up to the topic's current end. */
  List<CalendarCommand> calendarCommands(String userId, String taskId) {
    return calendarCommands(userId).stream()
        .filter(command -> command.taskId().equals(taskId))
        .toList();
  }

  List<UpsertEvent> upserts(String userId) {
    return calendarCommands(userId).stream()
        .filter(UpsertEvent.class::isInstance)
        .map(UpsertEvent.class::cast)
        .toList();
  }

  /** Waits until the task has at least {@code count} calendar commands, and returns them all. */
  List<CalendarCommand> awaitCalendarCommands(String userId, String taskId, int count) {
    await().atMost(PROCESSED).until(() -> calendarCommands(userId, taskId).size() >= count);
    return calendarCommands(userId, taskId);
  }

  List<TaskCommand> taskCommands(String userId) {
    return messages(Topics.TASK_COMMANDS, userId).stream().map(TaskCommand.class::cast).toList();
  }

  private List<ContractMessage> messages(String topic, String userId) {
    return records(topic, userId).stream().map(ConsumerRecord::value).toList();
  }

  /** The records keyed {@code userId} on {@code topic}, up to its current end, oldest first. */
  synchronized List<ConsumerRecord<String, ContractMessage>> records(String topic, String userId) {
    KafkaConsumer<String, ContractMessage> reader = readers.computeIfAbsent(topic, this::reader);
    Map<TopicPartition, Long> end = reader.endOffsets(reader.assignment());
    while (end.entrySet().stream()
        .anyMatch(entry -> reader.position(entry.getKey()) < entry.getValue())) {
      for (ConsumerRecord<String, ContractMessage> record : reader.poll(Duration.ofMillis(200))) {
        seen.computeIfAbsent(topic + "/" + record.key(), key -> new ArrayList<>()).add(record);
      }
    }
    return List.copyOf(seen.getOrDefault(topic + "/" + userId, List.of()));
  }

  private KafkaConsumer<String, ContractMessage> reader(String topic) {
    KafkaConsumer<String, ContractMessage> consumer =
        new KafkaConsumer<>(
            Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers()),
            new StringDeserializer(),
            new CloudEventDeserializer());
    List<TopicPartition> partitions =
        consumer.partitionsFor(topic).stream()
            .map(info -> new TopicPartition(info.topic(), info.partition()))
            .toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    return consumer;
  }

  // --- the orchestrator's tables ---

  long count(String sql, String parameter) throws SQLException {
    try (Connection connection = jdbc();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, parameter);
      try (ResultSet rows = statement.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }

  /** One column of the task's link as text, null without a link. */
  String linkColumn(String userId, String taskId, String column) throws SQLException {
    try (Connection connection = jdbc();
        PreparedStatement statement =
            connection.prepareStatement(
                "SELECT " + column + " FROM link WHERE user_id = ? AND task_id = ?")) {
      statement.setString(1, userId);
      statement.setString(2, taskId);
      try (ResultSet rows = statement.executeQuery()) {
        return rows.next() ? rows.getString(1) : null;
      }
    }
  }

  /** The user's history, oldest first: {@code action}, {@code outcome}, {@code reason}, ... */
  List<Map<String, String>> history(String userId) throws SQLException {
    try (Connection connection = jdbc();
        PreparedStatement statement =
            connection.prepareStatement(
                "SELECT action, outcome, COALESCE(reason, '') AS reason, detail::text AS detail,"
                    + " task_id FROM sync_history WHERE user_id = ? ORDER BY sequence")) {
      statement.setString(1, userId);
      List<Map<String, String>> rows = new ArrayList<>();
      try (ResultSet result = statement.executeQuery()) {
        while (result.next()) {
          Map<String, String> row = new HashMap<>();
          for (String column : List.of("action", "outcome", "reason", "detail", "task_id")) {
            row.put(column, result.getString(column));
          }
          rows.add(row);
        }
      }
      return rows;
    }
  }

  /** The user's history of one task, oldest first. */
  List<Map<String, String>> history(String userId, String taskId) throws SQLException {
    return history(userId).stream().filter(row -> taskId.equals(row.get("task_id"))).toList();
  }

  private Connection jdbc() throws SQLException {
    assertThat(database).as("register() from @DynamicPropertySource").isNotNull();
    return DriverManager.getConnection(
        database.jdbcUrl(), database.username(), database.password());
  }
}
