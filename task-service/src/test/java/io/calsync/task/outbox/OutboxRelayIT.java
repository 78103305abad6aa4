package io.calsync.task.outbox;

import static io.calsync.task.TaskEventsProbe.ceId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.calsync.contracts.Topics;
import io.calsync.contracts.cloudevents.CloudEventSerializer;
import io.calsync.contracts.task.TaskEvent;
import io.calsync.contracts.task.TaskStatus;
import io.calsync.platform.outbox.OutboxMaintenance;
import io.calsync.platform.outbox.OutboxProperties;
import io.calsync.platform.outbox.OutboxRelay;
import io.calsync.platform.outbox.PlatformOutboxAutoConfiguration;
import io.calsync.task.Sql;
import io.calsync.task.TaskEventsProbe;
import io.calsync.task.tasks.Task;
import io.calsync.task.tasks.TaskDraft;
import io.calsync.task.tasks.TaskService;
import io.calsync.testsupport.CalSyncTestInfrastructure;
import io.calsync.testsupport.PostgresDatabase;
import io.calsync.testsupport.StandaloneKafkaBroker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.r2dbc.spi.ConnectionFactory;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.r2dbc.R2dbcProperties;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The relay against a real PostgreSQL and Kafka. The service's own relay is switched off; each test
 * starts the relays it needs (each with its own connection, as separate instances would) and a lock
 * key of its own.
 */
@SpringBootTest(
    properties = {
      "calsync.outbox.relay.enabled=false",
      // TaskCommandsIT's commands belong to its own database.
      "calsync.task-commands.auto-startup=false"
    })
class OutboxRelayIT {

  private static final Duration DELIVERY = Duration.ofSeconds(30);
  private static final Duration FAST = Duration.ofMillis(200);
  private static final Duration NEVER = Duration.ofHours(1);

  private static PostgresDatabase database;

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    database = CalSyncTestInfrastructure.register(registry, "tasks");
  }

  @Autowired TaskService tasks;
  @Autowired R2dbcProperties r2dbc;
  @Autowired KafkaTemplate<Object, Object> kafkaTemplate;
  @Autowired DatabaseClient db;

  private final long lockKey = ThreadLocalRandom.current().nextLong();
  private final List<OutboxRelay> relays = new ArrayList<>();
  private final Set<String> users = ConcurrentHashMap.newKeySet();
  private TaskEventsProbe probe;

  /**
   * Every test starts with an empty outbox, so that counts are the test's own, and reads the topic
   * from now on (after the context declared it).
   */
  @BeforeEach
  void emptyTheOutbox() {
    Sql.execute(database, "delete from outbox");
    probe = TaskEventsProbe.fromNow();
  }

  @AfterEach
  void stopRelays() {
    relays.forEach(OutboxRelay::stop);
    probe.close();
  }

  @Test
  void publishesEveryChangeInPerTaskOrder_whenManyTasksChangeConcurrently() {
    start(relay("solo", true, FAST, 50));

    changeConcurrently(40, 5);

    List<ConsumerRecord<String, byte[]>> records = awaitRecords(200);
    assertThat(records).hasSize(200);
    assertThat(records).extracting(TaskEventsProbe::ceId).doesNotHaveDuplicates();
    assertVersionsInOrderPerTask(records, 5);
  }

  @Test
  void keepsOneTasksVersionsAndTimesInOrder_whenItIsChangedConcurrently() {
    start(relay("contended", true, FAST, 50));
    Task task = changeConcurrently(1, 1).get(0);

    // 30 unconditional status changes of the same task at once; they serialise on its row.
    Flux.range(0, 30)
        .flatMap(
            i ->
                tasks.changeStatus(
                    task.ownerUserId(),
                    task.id(),
                    null,
                    i % 2 == 0 ? TaskStatus.COMPLETED : TaskStatus.OPEN),
            30)
        .then()
        .block(DELIVERY);
    long version = tasks.get(task.ownerUserId(), task.id()).map(Task::version).block(DELIVERY);

    List<TaskEvent> events = awaitRecords((int) version).stream().map(probe::body).toList();
    assertThat(events)
        .extracting(TaskEvent::version)
        .containsExactlyElementsOf(
            IntStream.rangeClosed(1, (int) version).mapToObj(v -> (long) v).toList());
    assertThat(events).extracting(TaskEvent::updatedAt).isSorted().doesNotHaveDuplicates();
  }

  @Test
  void onlyTheLockHolderPublishes_andAnotherRelayTakesOverWhenItsConnectionDies() throws Exception {
    OutboxRelay first = start(relay("first", true, FAST, 50));
    OutboxRelay second = start(relay("second", true, FAST, 50));
    AtomicBoolean bothLeading = new AtomicBoolean();
    ScheduledExecutorService watch = Executors.newSingleThreadScheduledExecutor();
    watch.scheduleAtFixedRate(
        () -> {
          if (first.isLeader() && second.isLeader()) {
            bothLeading.set(true);
          }
        },
        0,
        1,
        TimeUnit.MILLISECONDS);
    try {
      await().atMost(DELIVERY).until(() -> first.isLeader() || second.isLeader());
      OutboxRelay leader = first.isLeader() ? first : second;
      OutboxRelay standby = leader == first ? second : first;

      changeConcurrently(20, 3);
      awaitRecords(60);
      awaitNothingUnpublished();
      assertThat(leader.publishedCount()).isEqualTo(60);
      assertThat(standby.publishedCount()).isZero();
      watch.shutdownNow();
      assertThat(bothLeading).as("both relays believed they were active").isFalse();

      // The active relay's connection dies (as when its instance is killed): PostgreSQL drops
      // the lock with it and one of the relays, whichever locks first, carries on.
      Sql.strings(
          database,
          "select pg_terminate_backend(pid)::text from pg_locks"
              + " where locktype = 'advisory' and granted"
              + " and database = (select oid from pg_database where datname = current_database())");
      changeConcurrently(20, 3);
      awaitRecords(120);
      awaitNothingUnpublished();

      // The active relay stops: the other one takes over and publishes everything that follows.
      OutboxRelay stopping = first.isLeader() ? first : second;
      OutboxRelay takingOver = stopping == first ? second : first;
      long before = takingOver.publishedCount();
      stopping.stop();
      await().atMost(DELIVERY).until(takingOver::isLeader);
      changeConcurrently(20, 3);

      List<ConsumerRecord<String, byte[]>> records = awaitRecords(180);
      awaitNothingUnpublished();
      assertThat(takingOver.publishedCount() - before).isEqualTo(60);
      assertThat(records).hasSize(180);
      assertThat(records).extracting(TaskEventsProbe::ceId).doesNotHaveDuplicates();
      assertThat(first.publishedCount() + second.publishedCount()).isEqualTo(180);
      assertVersionsInOrderPerTask(records, 3);
    } finally {
      watch.shutdownNow();
    }
  }

  @Test
  void resumesWithoutLoss_afterARestart() {
    OutboxRelay before = start(relay("before-restart", true, FAST, 50));
    List<Task> created = changeConcurrently(10, 2);
    awaitRecords(20);
    awaitNothingUnpublished();
    before.stop();

    created.forEach(task -> complete(task).block());
    changeConcurrently(5, 1);
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(3))
        .until(() -> probe.records(users::contains).size() == 20);
    assertThat(unpublished()).isEqualTo(15);

    start(relay("after-restart", true, FAST, 4));
    List<ConsumerRecord<String, byte[]>> records = awaitRecords(35);

    awaitNothingUnpublished();
    assertThat(records).hasSize(35);
    assertThat(records).extracting(TaskEventsProbe::ceId).doesNotHaveDuplicates();
    Map<String, List<Long>> versions = versionsByTask(records);
    created.forEach(
        task -> assertThat(versions.get(task.id().toString())).containsExactly(1L, 2L, 3L));
  }

  @Test
  void notificationWakesTheRelayAtOnce_althoughItPollsOnlyHourly() throws Exception {
    OutboxRelay relay = start(relay("listening", true, NEVER, 50));
    await().atMost(DELIVERY).until(relay::isLeader);
    // Past its first round: from now on only a notification wakes it.
    Thread.sleep(500);

    long started = System.nanoTime();
    changeConcurrently(3, 2);
    awaitRecords(6);

    // Seconds at most on a busy machine; without the notification it would take an hour.
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
  }

  @Test
  void pollingDeliversWhenNotificationsAreLost() throws Exception {
    // Not listening and polling hourly: after its first round this relay hears of nothing.
    OutboxRelay deaf = start(relay("deaf", false, NEVER, 50));
    await().atMost(DELIVERY).until(deaf::isLeader);
    Thread.sleep(500);
    changeConcurrently(3, 2);
    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(4))
        .until(() -> probe.records(users::contains).isEmpty());
    deaf.stop();

    // Still not listening, but polling: the poller finds the rows.
    start(relay("polling", false, Duration.ofMillis(300), 50));
    changeConcurrently(3, 2);

    assertVersionsInOrderPerTask(awaitRecords(12), 2);
  }

  @Test
  void keepsRowsUnpublishedWhileKafkaIsDown_andPublishesThemAllOnceItIsBack() throws Exception {
    try (StandaloneKafkaBroker broker = StandaloneKafkaBroker.start()) {
      try (AdminClient admin =
          AdminClient.create(
              Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
        admin
            .createTopics(
                List.of(new NewTopic(Topics.TASK_EVENTS, Topics.USER_KEYED_PARTITIONS, (short) 1)))
            .all()
            .get(30, TimeUnit.SECONDS);
      }
      KafkaTemplate<Object, Object> impatient = impatientTemplate(broker.bootstrapServers());
      try (TaskEventsProbe standaloneProbe = TaskEventsProbe.fromNow(broker.bootstrapServers())) {
        relays.add(
            start(
                new OutboxRelay(
                    "standalone-kafka",
                    relayConnections(),
                    impatient,
                    new OutboxProperties.Relay(true, true, FAST, 50, FAST, lockKey),
                    new SimpleMeterRegistry())));
        changeConcurrently(8, 2);
        standaloneProbe.awaitRecords(users::contains, 16, DELIVERY);
        awaitNothingUnpublished();

        broker.killHard();
        changeConcurrently(8, 2);
        // Sends fail (delivery timeout 3 s) again and again: nothing may be marked published.
        await()
            .during(Duration.ofSeconds(8))
            .atMost(Duration.ofSeconds(10))
            .until(() -> unpublished() == 16);
        broker.restart();

        // Count distinct ce_ids, not records: redeliveries could make up 32 records before every
        // row has arrived once.
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () ->
                    standaloneProbe.records(users::contains).stream()
                            .map(TaskEventsProbe::ceId)
                            .distinct()
                            .count()
                        >= 32);
        List<ConsumerRecord<String, byte[]>> records = standaloneProbe.records(users::contains);
        awaitNothingUnpublished();
        // At-least-once: a batch whose acknowledgements came too late is sent again, so a task's
        // records may repeat (same ce_id). What a consumer that drops versions it has seen reads
        // is still every version, in order.
        Map<String, List<ConsumerRecord<String, byte[]>>> byTask = new LinkedHashMap<>();
        records.forEach(
            record ->
                byTask
                    .computeIfAbsent(probe.body(record).taskId(), id -> new ArrayList<>())
                    .add(record));
        assertThat(byTask).hasSize(16);
        byTask.forEach(
            (task, taskRecords) -> {
              Map<Long, String> ceIdByVersion = new LinkedHashMap<>();
              List<Long> applied = new ArrayList<>();
              for (ConsumerRecord<String, byte[]> record : taskRecords) {
                long version = probe.body(record).version();
                String first = ceIdByVersion.putIfAbsent(version, ceId(record));
                assertThat(first == null ? ceId(record) : first)
                    .as("a repeat of version %d of task %s is a redelivery", version, task)
                    .isEqualTo(ceId(record));
                if (applied.isEmpty() || version > applied.get(applied.size() - 1)) {
                  applied.add(version);
                }
              }
              assertThat(applied).as("versions of task %s", task).containsExactly(1L, 2L);
            });
      } finally {
        relays.forEach(OutboxRelay::stop);
        impatient.destroy();
      }
    }
  }

  @Test
  void reportsBacklogAndPublishedCount_andDeletesOnlyPublishedRowsPastTheRetention()
      throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    OutboxProperties properties =
        new OutboxProperties(
            true,
            new OutboxProperties.Relay(true, true, FAST, 50, FAST, lockKey),
            Duration.ofSeconds(1),
            NEVER,
            NEVER);
    OutboxMaintenance maintenance = new OutboxMaintenance(db, properties, registry);

    changeConcurrently(3, 1);
    Thread.sleep(1100);
    maintenance.refreshBacklog().block();
    assertThat(gauge(registry, OutboxMaintenance.BACKLOG_METRIC)).isEqualTo(3);
    assertThat(gauge(registry, OutboxMaintenance.LAG_METRIC)).isGreaterThanOrEqualTo(1.0);

    OutboxRelay relay =
        start(
            new OutboxRelay(
                "metered", relayConnections(), kafkaTemplate, properties.relay(), registry));
    relays.add(relay);
    awaitRecords(3);
    awaitNothingUnpublished();
    maintenance.refreshBacklog().block();
    assertThat(gauge(registry, OutboxMaintenance.BACKLOG_METRIC)).isZero();
    assertThat(gauge(registry, OutboxMaintenance.LAG_METRIC)).isZero();
    assertThat(registry.get(OutboxRelay.PUBLISHED_METRIC).counter().count()).isEqualTo(3);

    relay.stop();
    String waiting = changeConcurrently(1, 1).get(0).ownerUserId();
    Sql.execute(
        database,
        "update outbox set created_at = now() - interval '30 days' where aggregateid = '"
            + waiting
            + "'");
    Thread.sleep(1100);

    assertThat(maintenance.deleteExpired().block()).isGreaterThanOrEqualTo(3);
    assertThat(
            Sql.strings(
                database,
                "select aggregateid from outbox where aggregateid = any(?)",
                (Object) userArray()))
        .containsExactly(waiting);
  }

  /** The service's producer settings, but giving up on a record after 3 s. */
  private static KafkaTemplate<Object, Object> impatientTemplate(String bootstrapServers) {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, CloudEventSerializer.class);
    config.put(CloudEventSerializer.SOURCE_CONFIG, "/calsync/task-service");
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 1500);
    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 3000);
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 3000);
    config.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500);
    return new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(config));
  }

  private OutboxRelay relay(String name, boolean listen, Duration poll, int batchSize) {
    OutboxRelay relay =
        new OutboxRelay(
            name,
            relayConnections(),
            kafkaTemplate,
            new OutboxProperties.Relay(true, listen, poll, batchSize, FAST, lockKey),
            new SimpleMeterRegistry());
    relays.add(relay);
    return relay;
  }

  private ConnectionFactory relayConnections() {
    return PlatformOutboxAutoConfiguration.relayConnections(r2dbc, "outbox-relay-it");
  }

  private static OutboxRelay start(OutboxRelay relay) {
    relay.start();
    return relay;
  }

  /**
   * {@code taskCount} tasks of a few fresh users, all at once; each task goes through {@code
   * changesPerTask} versions (create, edits, complete) in sequence.
   */
  private List<Task> changeConcurrently(int taskCount, int changesPerTask) {
    List<String> owners =
        IntStream.range(0, Math.max(1, taskCount / 4))
            .mapToObj(i -> "relay-user-" + UUID.randomUUID())
            .toList();
    users.addAll(owners);
    return Flux.range(0, taskCount)
        .flatMap(
            i -> {
              String owner = owners.get(i % owners.size());
              Mono<Task> task = tasks.create(owner, draft("task " + i));
              for (int change = 2; change <= changesPerTask; change++) {
                String title = "task " + i + " v" + change;
                task = task.flatMap(t -> tasks.replace(owner, t.id(), t.version(), draft(title)));
              }
              return task;
            },
            16)
        .collectList()
        .block(DELIVERY);
  }

  private Mono<Task> complete(Task task) {
    return tasks.changeStatus(task.ownerUserId(), task.id(), null, TaskStatus.COMPLETED);
  }

  private static TaskDraft draft(String title) {
    return new TaskDraft(
        title, null, LocalDate.now().plusDays(1), LocalTime.of(9, 30), "Europe/Berlin", null, null);
  }

  private List<ConsumerRecord<String, byte[]>> awaitRecords(int count) {
    return probe.awaitRecords(users::contains, count, DELIVERY);
  }

  private void awaitNothingUnpublished() {
    await().atMost(DELIVERY).until(() -> unpublished() == 0);
  }

  private long unpublished() {
    return Sql.count(
        database,
        "select count(*) from outbox where published_at is null and aggregateid = any(?)",
        (Object) userArray());
  }

  private String[] userArray() {
    return users.toArray(String[]::new);
  }

  private Map<String, List<Long>> versionsByTask(List<ConsumerRecord<String, byte[]>> records) {
    Map<String, List<Long>> versions = new LinkedHashMap<>();
    for (ConsumerRecord<String, byte[]> record : records) {
      TaskEvent event = probe.body(record);
      versions.computeIfAbsent(event.taskId(), id -> new ArrayList<>()).add(event.version());
    }
    return versions;
  }

  private void assertVersionsInOrderPerTask(
      List<ConsumerRecord<String, byte[]>> records, int versionsPerTask) {
    List<Long> expected =
        IntStream.rangeClosed(1, versionsPerTask).mapToObj(v -> (long) v).toList();
    versionsByTask(records)
        .forEach(
            (task, versions) ->
                assertThat(versions).as("versions of task %s", task).isEqualTo(expected));
    records.stream()
        .map(probe::body)
        .collect(Collectors.groupingBy(TaskEvent::taskId))
        .forEach(
            (task, events) ->
                assertThat(events)
                    .as("updatedAt of task %s", task)
                    .extracting(TaskEvent::updatedAt)
                    .isSorted()
                    .doesNotHaveDuplicates());
    assertThat(records).extracting(record -> ceId(record)).doesNotHaveDuplicates();
  }

  private static double gauge(SimpleMeterRegistry registry, String name) {
    return registry.get(name).gauge().value();
  }
}
