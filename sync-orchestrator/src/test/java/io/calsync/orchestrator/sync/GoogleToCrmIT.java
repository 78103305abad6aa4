package io.calsync.orchestrator.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.calsync.contracts.ContractMessage;
import io.calsync.contracts.Topics;
import io.calsync.contracts.calendar.CommandApplied;
import io.calsync.contracts.calendar.CommandFailed;
import io.calsync.contracts.calendar.EventChanged;
import io.calsync.contracts.calendar.UpsertEvent;
import io.calsync.contracts.cloudevents.CloudEventAttributes;
import io.calsync.contracts.cloudevents.CloudEventDeserializer;
import io.calsync.contracts.cloudevents.CloudEventSerializer;
import io.calsync.contracts.connection.SyncMode;
import io.calsync.contracts.task.CreateTaskFromEvent;
import io.calsync.contracts.task.Origins;
import io.calsync.contracts.task.TaskCommand;
import io.calsync.contracts.task.TaskCreated;
import io.calsync.contracts.task.TaskEvent;
import io.calsync.contracts.task.TaskStatus;
import io.calsync.contracts.task.UnlinkTaskFromEvent;
import io.calsync.contracts.task.UpdateTaskFromEvent;
import io.calsync.testsupport.CalSyncTestInfrastructure;
import io.calsync.testsupport.PostgresDatabase;
import io.calsync.testsupport.SharedKafka;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Google → CRM through real Kafka and PostgreSQL: event changes, task events and command results
 * are published as the connector and task-service would, and the commands are read from {@code
 * crm.task-commands} and {@code calendar.commands}.
 */
@SpringBootTest
@DirtiesContext
class GoogleToCrmIT {

  private static final Duration PROCESSED = Duration.ofSeconds(30);
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

  private static PostgresDatabase database;
  private static KafkaProducer<String, Object> producer;
  private static final Map<String, KafkaConsumer<String, ContractMessage>> READERS =
      new ConcurrentHashMap<>();
  private static final Map<String, List<ContractMessage>> SEEN = new ConcurrentHashMap<>();

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    database = CalSyncTestInfrastructure.register(registry, "orchestrator");
    registry.add("spring.kafka.consumer.group-id", () -> "google-to-crm-it-" + UUID.randomUUID());
  }

  @AfterAll
  static void closeClients() {
    if (producer != null) {
      producer.close();
    }
    READERS.values().forEach(KafkaConsumer::close);
  }

  @Test
  void newEvent_createsExactlyOneTask_evenWhenDeliveredThreeTimes() throws Exception {
    EventChangeMother.Event event = EventChangeMother.startingAt(future(10, 0));
    connect(event.userId, SyncMode.TWO_WAY);
    EventChanged changed = event.withAttendee("bob@example.com").changed();

    String first = publish(changed);
    publish(changed, first);
    String third = publish(changed);
    awaitProcessed(third);
    awaitProcessed(publish(pastEvent(event.userId)));

    List<TaskCommand> commands = taskCommands(event.userId);
    assertThat(commands).hasSize(1);
    CreateTaskFromEvent create = (CreateTaskFromEvent) commands.get(0);
    assertThat(create.commandId()).isEqualTo(TaskIds.createCommand(event.userId, event.eventId));
    assertThat(create.eventId()).isEqualTo(event.eventId);
    assertThat(create.title()).isEqualTo(event.summary);
    assertThat(create.dueTime()).isEqualTo(LocalTime.of(10, 0));
    assertThat(create.timeZone()).isEqualTo("Europe/Berlin");
    assertThat(create.assigneeEmail()).isEqualTo("bob@example.com");
    String taskId = TaskIds.fromEvent(event.userId, event.eventId);
    assertThat(linkColumn(event.userId, taskId, "state")).isEqualTo("PENDING");

    // task-service reports the task it created: the link becomes active, and the echo of the
    // creation sends nothing to Google.
    TaskCreated created =
        new TaskCreated(
            taskId,
            event.userId,
            create.title(),
            create.description(),
            create.dueDate(),
            create.dueTime(),
            create.timeZone(),
            create.assigneeEmail(),
            TaskStatus.OPEN,
            1,
            Instant.now(),
            Origins.CALENDAR_SYNC,
            create.commandId());
    awaitProcessed(publish(created));
    assertThat(linkColumn(event.userId, taskId, "state")).isEqualTo("ACTIVE");
    assertThat(calendarCommands(event.userId)).isEmpty();
    assertThat(taskCommands(event.userId)).hasSize(1);
    assertThat(history(event.userId))
        .extracting(row -> row.get("action") + "/" + row.get("outcome"))
        .containsExactly("CREATE_TASK/COMMAND_SENT", "NONE/SKIPPED");
  }

  @Test
  void echoOfOurOwnWrite_sendsNoTaskCommand() throws Exception {
    Linked linked = linkedTask();

    // The connector reports our own write (the etag of CommandApplied), and later the same content
    // under a new etag (e.g. a full resync): both are echoes.
    awaitProcessed(publish(linked.event.changed()));
    awaitProcessed(publish(linked.event.next(5).changed()));

    assertThat(taskCommands(linked.task.userId)).isEmpty();
    assertThat(calendarCommands(linked.task.userId)).hasSize(1);
    assertThat(history(linked.task.userId))
        .extracting(row -> row.get("action") + "/" + row.get("outcome"))
        .containsExactly("UPSERT_EVENT/COMMAND_SENT", "UPSERT_EVENT/APPLIED");
  }

  @Test
  void editInGoogle_updatesTheTask_atTheVersionItWasMergedWith() throws Exception {
    Linked linked = linkedTask();

    awaitProcessed(publish(linked.event.next(60).titled("Dentist (moved)").changed()));

    UpdateTaskFromEvent update = (UpdateTaskFromEvent) single(taskCommands(linked.task.userId));
    assertThat(update.taskId()).isEqualTo(linked.task.taskId);
    assertThat(update.expectedVersion()).isEqualTo(1);
    assertThat(update.title()).isEqualTo("Dentist (moved)");
    assertThat(update.description()).isEqualTo(linked.task.description);
    assertThat(calendarCommands(linked.task.userId)).hasSize(1);
  }

  @Test
  void editInTheCrm_updatesTheEvent_withTheEtagOfTheLink() throws Exception {
    Linked linked = linkedTask();

    awaitProcessed(publish(linked.task.titled("Dentist (CRM)").next().updated()));

    List<UpsertEvent> upserts = calendarCommands(linked.task.userId);
    assertThat(upserts).hasSize(2);
    assertThat(upserts.get(1).summary()).isEqualTo("Dentist (CRM)");
    assertThat(upserts.get(1).expectedEtag()).isEqualTo(linked.event.etag());
    assertThat(taskCommands(linked.task.userId)).isEmpty();
  }

  @Test
  void bothChangedTheTitle_theMostRecentChangeWins_andTheOverrideIsInTheHistory() throws Exception {
    Linked linked = linkedTask();
    // The CRM renames at 10:01; the push is refused with 412 because Google renamed at 10:02.
    awaitProcessed(publish(linked.task.titled("CRM title").next().updated()));
    UpsertEvent refused = calendarCommands(linked.task.userId).get(1);
    awaitProcessed(
        publish(
            new CommandFailed(
                refused.commandId(),
                linked.task.userId,
                linked.task.taskId,
                refused.eventId(),
                "412 conditionNotMet: the event changed",
                false)));
    awaitProcessed(publish(linked.event.next(120).titled("Google title").changed()));

    UpdateTaskFromEvent update = (UpdateTaskFromEvent) single(taskCommands(linked.task.userId));
    assertThat(update.title()).isEqualTo("Google title");
    assertThat(update.expectedVersion()).isEqualTo(2);
    assertThat(calendarCommands(linked.task.userId)).hasSize(2);
    Map<String, String> override =
        history(linked.task.userId).stream()
            .filter(row -> row.get("outcome").equals("CONFLICT_RESOLVED"))
            .findFirst()
            .orElseThrow();
    assertThat(override.get("detail"))
        .contains("\"field\": \"TITLE\"")
        .contains("\"winner\": \"GOOGLE\"")
        .contains("CRM title")
        .contains("Google title");
  }

  @Test
  void differentFieldsChangedOnEachSide_areBothKept() throws Exception {
    Linked linked = linkedTask();
    linked.task.description = "CRM description";
    awaitProcessed(publish(linked.task.next().updated()));
    UpsertEvent refused = calendarCommands(linked.task.userId).get(1);
    awaitProcessed(
        publish(
            new CommandFailed(
                refused.commandId(),
                linked.task.userId,
                linked.task.taskId,
                refused.eventId(),
                "412 conditionNotMet",
                false)));
    EventChanged edited = linked.event.next(120).titled("Google title").changed();
    awaitProcessed(publish(edited));

    UpdateTaskFromEvent update = (UpdateTaskFromEvent) single(taskCommands(linked.task.userId));
    assertThat(update.title()).isEqualTo("Google title");
    assertThat(update.description()).isEqualTo("CRM description");
    List<UpsertEvent> upserts = calendarCommands(linked.task.userId);
    assertThat(upserts).hasSize(3);
    assertThat(upserts.get(2).summary()).isEqualTo("Google title");
    assertThat(upserts.get(2).description()).isEqualTo("CRM description");
    assertThat(upserts.get(2).expectedEtag()).isEqualTo(edited.etag());
    assertThat(history(linked.task.userId))
        .noneMatch(row -> row.get("outcome").equals("CONFLICT_RESOLVED"));
  }

  @Test
  void cancellation_unlinksTheTask_andTheTombstoneIsNeverRevived() throws Exception {
    Linked linked = linkedTask();
    EventChanged beforeDeletion = linked.event.next(30).titled("late edit").changed();

    awaitProcessed(publish(linked.event.cancelled()));
    UnlinkTaskFromEvent unlink = (UnlinkTaskFromEvent) single(taskCommands(linked.task.userId));
    assertThat(unlink.reason()).isEqualTo(UnlinkTaskFromEvent.EVENT_DELETED);
    assertThat(unlink.taskId()).isEqualTo(linked.task.taskId);
    assertThat(linkColumn(linked.task.userId, linked.task.taskId, "state")).isEqualTo("DELETED");
    assertThat(linkColumn(linked.task.userId, linked.task.taskId, "deleted_by")).isEqualTo("EVENT");

    // A late or replayed change of the deleted event, and a later CRM edit, revive nothing.
    awaitProcessed(publish(beforeDeletion));
    awaitProcessed(publish(linked.task.titled("edited after").next().updated()));
    assertThat(taskCommands(linked.task.userId)).hasSize(1);
    assertThat(calendarCommands(linked.task.userId)).hasSize(1);
    assertThat(linkColumn(linked.task.userId, linked.task.taskId, "state")).isEqualTo("DELETED");
  }

  @Test
  void pastEvent_sendsNothing_andTheHistorySaysWhy() throws Exception {
    String userId = "user-" + UUID.randomUUID();
    connect(userId, SyncMode.TWO_WAY);

    EventChanged past = pastEvent(userId);
    awaitProcessed(publish(past));

    assertThat(taskCommands(userId)).isEmpty();
    assertThat(history(userId))
        .singleElement()
        .satisfies(
            row -> {
              assertThat(row.get("outcome")).isEqualTo("SKIPPED");
              assertThat(row.get("reason")).isEqualTo(EventReason.PAST_EVENT.text());
            });
  }

  @Test
  void crmToGoogleMode_sendsNoTaskCommand_andTheHistorySaysWhy() throws Exception {
    EventChangeMother.Event event = EventChangeMother.startingAt(future(11, 0));
    connect(event.userId, SyncMode.CRM_TO_GOOGLE);

    awaitProcessed(publish(event.changed()));

    assertThat(taskCommands(event.userId)).isEmpty();
    assertThat(history(event.userId))
        .singleElement()
        .satisfies(
            row -> assertThat(row.get("reason")).isEqualTo(EventReason.MODE_CRM_TO_GOOGLE.text()));
  }

  // --- fixtures ---

  /** A CRM task pushed to Google, the push applied: both sides agree. */
  private record Linked(TaskEventMother.Task task, EventChangeMother.Event event) {}

  private Linked linkedTask() throws Exception {
    TaskEventMother.Task task = TaskEventMother.dueOnAt(future(9, 30).toLocalDate(), 9, 30);
    task.title = "Dentist";
    task.description = "Bring the insurance card.";
    task.updatedAt = Instant.parse("2026-11-27T10:00:00Z");
    connect(task.userId, SyncMode.TWO_WAY);
    awaitProcessed(publish(task.created()));
    UpsertEvent upsert = single(calendarCommands(task.userId));
    EventChangeMother.Event event =
        EventChangeMother.startingAt(future(9, 30))
            .of(task.userId)
            .id(upsert.eventId())
            .stampedWith(task.taskId)
            .updatedAt(Instant.parse("2026-11-27T10:00:30Z"));
    event.summary = upsert.summary();
    event.description = upsert.description();
    event.start = upsert.start();
    event.end = upsert.end();
    awaitProcessed(
        publish(
            new CommandApplied(
                upsert.commandId(),
                task.userId,
                task.taskId,
                upsert.eventId(),
                event.etag(),
                event.updated,
                CommandApplied.Action.CREATED)));
    return new Linked(task, event);
  }

  private static java.time.ZonedDateTime future(int hour, int minute) {
    return LocalDate.now(BERLIN).plusDays(3).atTime(hour, minute).atZone(BERLIN);
  }

  private static EventChanged pastEvent(String userId) {
    return EventChangeMother.startingAt(
            LocalDate.now(BERLIN).minusDays(2).atTime(9, 0).atZone(BERLIN))
        .of(userId)
        .at(OffsetDateTime.now().minusDays(2))
        .changed();
  }

  private static <T> T single(List<T> items) {
    assertThat(items).hasSize(1);
    return items.get(0);
  }

  // --- publishing as the connector, task-service and token-service would ---

  private void connect(String userId, SyncMode mode) throws Exception {
    awaitProcessed(
        publish(ConnectionMother.connectedEvent(userId, ConnectionMother.settings(mode))));
  }

  private String publish(ContractMessage body) throws Exception {
    return publish(body, UUID.randomUUID().toString());
  }

  private String publish(ContractMessage body, String messageId) throws Exception {
    ProducerRecord<String, Object> record =
        new ProducerRecord<>(topicOf(body), body.userId(), body);
    CloudEventAttributes.withId(messageId).applyTo(record.headers());
    producer().send(record).get(10, TimeUnit.SECONDS);
    return messageId;
  }

  private static String topicOf(ContractMessage body) {
    if (body instanceof TaskEvent) {
      return Topics.TASK_EVENTS;
    }
    if (body instanceof EventChanged) {
      return Topics.EVENT_CHANGES;
    }
    if (body instanceof CommandApplied || body instanceof CommandFailed) {
      return Topics.COMMAND_RESULTS;
    }
    return Topics.CONNECTION_EVENTS;
  }

  private static synchronized KafkaProducer<String, Object> producer() {
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
              new CloudEventSerializer("/calsync/calendar-connector"));
    }
    return producer;
  }

  /**
   * Waits until the record with {@code messageId} was handled: its inbox row commits with its
   * effect, and any command it caused was acknowledged by Kafka before that.
   */
  private static void awaitProcessed(String messageId) {
    await()
        .atMost(PROCESSED)
        .until(
            () ->
                count("SELECT count(*) FROM processed_message WHERE message_id = ?", messageId)
                    == 1);
  }

  // --- reading what the orchestrator produced ---

  private static List<TaskCommand> taskCommands(String userId) {
    return read(Topics.TASK_COMMANDS, userId).stream().map(TaskCommand.class::cast).toList();
  }

  private static List<UpsertEvent> calendarCommands(String userId) {
    return read(Topics.CALENDAR_COMMANDS, userId).stream()
        .filter(UpsertEvent.class::isInstance)
        .map(UpsertEvent.class::cast)
        .toList();
  }

  private static synchronized List<ContractMessage> read(String topic, String userId) {
    KafkaConsumer<String, ContractMessage> reader =
        READERS.computeIfAbsent(
            topic,
            name -> {
              KafkaConsumer<String, ContractMessage> consumer =
                  new KafkaConsumer<>(
                      Map.of(
                          ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers()),
                      new StringDeserializer(),
                      new CloudEventDeserializer());
              List<TopicPartition> partitions =
                  consumer.partitionsFor(name).stream()
                      .map(info -> new TopicPartition(info.topic(), info.partition()))
                      .toList();
              consumer.assign(partitions);
              consumer.seekToBeginning(partitions);
              return consumer;
            });
    Map<TopicPartition, Long> end = reader.endOffsets(reader.assignment());
    while (end.entrySet().stream()
        .anyMatch(entry -> reader.position(entry.getKey()) < entry.getValue())) {
      for (ConsumerRecord<String, ContractMessage> record : reader.poll(Duration.ofMillis(200))) {
        SEEN.computeIfAbsent(topic + "/" + record.key(), key -> new ArrayList<>())
            .add(record.value());
      }
    }
    return List.copyOf(SEEN.getOrDefault(topic + "/" + userId, List.of()));
  }

  private static Connection jdbc() throws SQLException {
    return DriverManager.getConnection(
        database.jdbcUrl(), database.username(), database.password());
  }

  private static long count(String sql, String parameter) throws SQLException {
    try (Connection connection = jdbc();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, parameter);
      try (ResultSet rows = statement.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }

  private static String linkColumn(String userId, String taskId, String column)
      throws SQLException {
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

  /** The user's history, oldest first. */
  private static List<Map<String, String>> history(String userId) throws SQLException {
    try (Connection connection = jdbc();
        PreparedStatement statement =
            connection.prepareStatement(
                "SELECT action, outcome, reason, detail::text AS detail FROM sync_history"
                    + " WHERE user_id = ? ORDER BY sequence")) {
      statement.setString(1, userId);
      List<Map<String, String>> rows = new ArrayList<>();
      try (ResultSet result = statement.executeQuery()) {
        while (result.next()) {
          Map<String, String> row = new HashMap<>();
          row.put("action", result.getString("action"));
          row.put("outcome", result.getString("outcome"));
          row.put("reason", String.valueOf(result.getString("reason")));
          row.put("detail", result.getString("detail"));
          rows.add(row);
        }
      }
      return rows;
    }
  }
}
