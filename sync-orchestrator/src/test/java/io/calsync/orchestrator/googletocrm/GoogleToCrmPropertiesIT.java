package io.calsync.orchestrator.googletocrm;

import static io.calsync.orchestrator.fixture.ConnectionMother.OWNER_EMAIL;
import static org.assertj.core.api.Assertions.assertThat;

import io.calsync.contracts.ContractMessage;
import io.calsync.contracts.Topics;
import io.calsync.contracts.calendar.CalendarCommand;
import io.calsync.contracts.calendar.CommandApplied;
import io.calsync.contracts.calendar.CommandFailed;
import io.calsync.contracts.calendar.CommandResult;
import io.calsync.contracts.calendar.DeleteEvent;
import io.calsync.contracts.calendar.EventChanged;
import io.calsync.contracts.calendar.EventStatus;
import io.calsync.contracts.calendar.EventTime;
import io.calsync.contracts.calendar.SyncKind;
import io.calsync.contracts.calendar.UpsertEvent;
import io.calsync.contracts.cloudevents.CloudEventAttributes;
import io.calsync.contracts.cloudevents.CloudEventDeserializer;
import io.calsync.contracts.connection.SyncMode;
import io.calsync.contracts.task.CreateTaskFromEvent;
import io.calsync.contracts.task.EventTaskIds;
import io.calsync.contracts.task.Origins;
import io.calsync.contracts.task.TaskCommand;
import io.calsync.contracts.task.TaskEvent;
import io.calsync.contracts.task.UnlinkTaskFromEvent;
import io.calsync.contracts.task.UpdateTaskFromEvent;
import io.calsync.orchestrator.SyncOrchestratorApplication;
import io.calsync.orchestrator.connection.ConnectionSync;
import io.calsync.orchestrator.crmtogoogle.CommandResults;
import io.calsync.orchestrator.crmtogoogle.TaskSync;
import io.calsync.orchestrator.fixture.ConnectionMother;
import io.calsync.orchestrator.fixture.TaskEventMother;
import io.calsync.orchestrator.guard.GuardSweeps;
import io.calsync.orchestrator.merge.SyncFields;
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
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import reactor.core.publisher.Mono;

/**
 * The two-way sync as a whole, run by the orchestrator itself: its handlers ({@link TaskSync},
 * {@link EventSync}, {@link CommandResults}, {@link ConnectionSync}), their effect applier and the
 * deletion guard's sweeper, on real PostgreSQL and Kafka. The CRM and Google are simple in-memory
 * stores, driven by the commands the orchestrator publishes (read back from {@code
 * crm.task-commands} and {@code calendar.commands}); every message to the orchestrator travels
 * through a FIFO queue per topic and is delivered by calling its handler, one after the other, as
 * the intake would. Random interleavings of edits and deletions on both sides, duplicate deliveries
 * (same {@code ce_id}) and re-publications (a full resync lists an event again) always end, once
 * every queue is drained and every deletion applied, with both sides equal on every live link,
 * never a second task for an event or a second event for a task, and no deletion undone.
 *
 * <p>One application context for all tries, each try a user of its own. Its Kafka listener does not
 * start (the test delivers); the guard sweeps when the test has delivered everything, applies every
 * deletion then and never holds them for the user ({@code DeletionGuardIT} covers holds). Few
 * tries, since each runs the real thing.
 */
class GoogleToCrmPropertiesIT {

  private static final String ZONE = "Europe/Berlin";

  /** Far enough ahead that every event of a try starts in the future, as new events must. */
  private static final LocalDate DAY = LocalDate.now(ZoneOffset.UTC).plusMonths(2);

  private static final Duration HANDLED = Duration.ofSeconds(30);

  private static ConfigurableApplicationContext context;
  private static PostgresDatabase database;

  @BeforeContainer
  static void startOrchestrator() {
    Map<String, Object> properties = new LinkedHashMap<>();
    database =
        CalSyncTestInfrastructure.register(
            (name, value) -> properties.put(name, value.get()), "orchestrator");
    properties.put(
        "spring.kafka.consumer.group-id", "google-to-crm-properties-it-" + UUID.randomUUID());
    properties.put("spring.kafka.listener.auto-startup", "false");
    properties.put("calsync.deletion-guard.settle", "0s");
    // Never within a test run: the test sweeps itself (World#drain).
    properties.put("calsync.deletion-guard.sweep-interval", "1h");
    properties.put("calsync.deletion-guard.max-deletions", "1000000");
    properties.put("calsync.deletion-guard.max-share", "1.0");
    properties.put("calsync.deletion-guard.empty-calendar-min-links", "1000000");
    // As arguments: they take precedence over application.yml.
    context =
        new SpringApplicationBuilder(SyncOrchestratorApplication.class)
            .run(
                properties.entrySet().stream()
                    .map(property -> "--" + property.getKey() + "=" + property.getValue())
                    .toArray(String[]::new));
  }

  @AfterContainer
  static void stopOrchestrator() {
    context.close();
  }

  enum Kind {
    GOOGLE_CREATE,
    GOOGLE_EDIT,
    GOOGLE_DELETE,
    CRM_CREATE,
    CRM_EDIT,
    CRM_DELETE,
    DELIVER,
    REDELIVER,
    REPUBLISH
  }

  /** One step: an edit on one side, or a delivery on topic {@code a % 5}. */
  record Step(Kind kind, int a, int b) {}

  /** A row of the orchestrator's {@code link} table. */
  record LinkRow(String taskId, String eventId, String state) {}

  @Property(tries = 25)
  void randomInterleavings_converge_withoutDuplicates_orResurrections(
      @ForAll("scenarios") List<Step> steps) throws SQLException {
    try (World world = new World("user-" + UUID.randomUUID())) {
      world.connect();
      for (Step step : steps) {
        world.run(step);
      }
      world.drain();
      assertProperties(world);
    }
  }

  private static void assertProperties(World world) throws SQLException {
    assertThat(world.resurrections).as("deletions undone").isEmpty();
    assertThat(
            world.count(
                "SELECT count(*) FROM held_deletion WHERE user_id = ? AND state <> 'APPLIED'"))
        .as("deletions not applied")
        .isZero();
    for (Map.Entry<String, Integer> created : world.tasksCreatedPerEvent.entrySet()) {
      assertThat(created.getValue()).as("tasks for event " + created.getKey()).isEqualTo(1);
    }
    Map<String, Integer> liveEventsPerTask = new HashMap<>();
    for (GEvent event : world.google.values()) {
      if (!event.cancelled && event.stamp != null) {
        liveEventsPerTask.merge(event.stamp, 1, Integer::sum);
      }
    }
    assertThat(liveEventsPerTask.values()).as("events per task").allMatch(count -> count == 1);
    List<LinkRow> links = world.links();
    for (LinkRow link : links) {
      GEvent event = world.google.get(link.eventId());
      CTask task = world.crm.get(link.taskId());
      if (link.state().equals("ACTIVE")) {
        assertThat(task).as("task of an active link").isNotNull();
        assertThat(event).as("event of an active link").isNotNull();
        if (!task.deleted && !event.cancelled) {
          assertThat(SyncFields.ofEvent(event.changed(), ZONE, OWNER_EMAIL))
              .as(() -> "both sides of link " + link.taskId() + "\n" + world.trace())
              .isEqualTo(task.fields);
        }
      }
      if (task != null && task.deletedByUser && event != null) {
        if (EventTaskIds.createdFrom(world.user, task.id, event.id)) {
          // Created in Google, and the default KEEP_EVENT: deleting the task leaves it alone.
          assertThat(event.cancelled && !event.deletedByUser)
              .as("event created in Google, deleted by CalSync for its task")
              .isFalse();
        } else {
          assertThat(event.cancelled).as("event of a task deleted in the CRM").isTrue();
        }
      }
      if (event != null && event.deletedByUser) {
        assertThat(link.state()).as("link of an event deleted in Google").isEqualTo("DELETED");
      }
    }
    for (GEvent event : world.google.values()) {
      if (!event.cancelled && event.stamp == null) {
        String derived = TaskIds.fromEvent(world.user, event.id);
        assertThat(world.crm).as("task of event " + event.id).containsKey(derived);
      }
    }
    for (CTask task : world.crm.values()) {
      if (!task.deleted && !task.unlinked && task.createdBy.equals(Origins.CRM)) {
        assertThat(links)
            .as("link of CRM task " + task.id)
            .anyMatch(link -> link.taskId().equals(task.id));
      }
    }
  }

  @Provide
  Arbitrary<List<Step>> scenarios() {
    Arbitrary<Step> step =
        Combinators.combine(
                Arbitraries.frequencyOf(
                    Tuple.of(3, Arbitraries.just(Kind.GOOGLE_CREATE)),
                    Tuple.of(6, Arbitraries.just(Kind.GOOGLE_EDIT)),
                    Tuple.of(1, Arbitraries.just(Kind.GOOGLE_DELETE)),
                    Tuple.of(3, Arbitraries.just(Kind.CRM_CREATE)),
                    Tuple.of(6, Arbitraries.just(Kind.CRM_EDIT)),
                    Tuple.of(1, Arbitraries.just(Kind.CRM_DELETE)),
                    Tuple.of(14, Arbitraries.just(Kind.DELIVER)),
                    Tuple.of(3, Arbitraries.just(Kind.REDELIVER)),
                    Tuple.of(2, Arbitraries.just(Kind.REPUBLISH))),
                Arbitraries.integers().between(0, 1000),
                Arbitraries.integers().between(0, 1000))
            .as(Step::new);
    return step.list().ofMinSize(1).ofMaxSize(40);
  }

  // --- the two sides ---

  /** A task in the CRM store. */
  static final class CTask {
    final String user;
    final String id;
    final String createdBy;
    SyncFields fields;
    long version = 1;
    Instant updatedAt;
    boolean deleted;
    boolean deletedByUser;
    boolean unlinked;

    CTask(String user, String id, String createdBy, SyncFields fields, Instant updatedAt) {
      this.user = user;
      this.id = id;
      this.createdBy = createdBy;
      this.fields = fields;
      this.updatedAt = updatedAt;
    }

    TaskEvent event(String origin, String causationId) {
      TaskEventMother.Task task =
          new TaskEventMother.Task()
              .of(user)
              .titled(fields.title())
              .dueOn(fields.dueDate())
              .assignedTo(fields.assignee());
      task.taskId = id;
      task.description = fields.description();
      task.dueTime = fields.dueTime();
      task.timeZone = ZONE;
      task.version = version;
      task.updatedAt = updatedAt;
      task.origin = origin;
      task.causationId = causationId;
      if (deleted) {
        return task.deleted();
      }
      return version == 1 ? task.created() : task.updated();
    }
  }

  /** An event in the Google store. */
  static final class GEvent {
    final String user;
    final String id;
    String stamp;
    SyncFields fields;
    int revision = 1;
    Instant updated;
    boolean cancelled;
    boolean deletedByUser;

    GEvent(String user, String id, SyncFields fields, Instant updated) {
      this.user = user;
      this.id = id;
      this.fields = fields;
      this.updated = updated;
    }

    String etag() {
      return id + "#" + revision;
    }

    EventChanged changed() {
      if (cancelled) {
        return EventChanged.cancelled(user, OWNER_EMAIL, id, SyncKind.INCREMENTAL);
      }
      ZonedDateTime start = ZonedDateTime.of(fields.dueDate(), fields.dueTime(), ZoneId.of(ZONE));
      return new EventChanged(
          user,
          OWNER_EMAIL,
          id,
          etag(),
          updated,
          EventStatus.CONFIRMED,
          fields.title(),
          fields.description(),
          EventTime.ofDateTime(start.toOffsetDateTime(), ZONE),
          EventTime.ofDateTime(start.plusMinutes(30).toOffsetDateTime(), ZONE),
          fields.assignee() == null ? List.of() : List.of(fields.assignee()),
          null,
          null,
          stamp == null ? Map.of() : Map.of(UpsertEvent.TASK_ID_PROPERTY, stamp),
          SyncKind.INCREMENTAL);
    }
  }

  record Message(String id, Object body) {}

  /**
   * Both stores, the queues between them and the orchestrator. Closing it closes its reader of the
   * commands (its own: a try that jqwik abandoned while shrinking may still be running).
   */
  static final class World implements AutoCloseable {
    final String user;
    Instant clock = Instant.parse("2027-01-01T10:00:00Z");
    final Map<String, GEvent> google = new LinkedHashMap<>();
    final Map<String, CTask> crm = new LinkedHashMap<>();
    final Set<String> connectorDone = new HashSet<>();
    final Set<String> taskServiceDone = new HashSet<>();
    final Map<String, Integer> tasksCreatedPerEvent = new HashMap<>();
    final List<String> resurrections = new ArrayList<>();
    // Topics: 0 task events, 1 event changes, 2 command results (to the orchestrator); 3 task
    // commands, 4 calendar commands (from it).
    final List<Deque<Message>> topics =
        List.of(
            new ArrayDeque<>(),
            new ArrayDeque<>(),
            new ArrayDeque<>(),
            new ArrayDeque<>(),
            new ArrayDeque<>());
    final TaskSync taskSync = context.getBean(TaskSync.class);
    final EventSync eventSync = context.getBean(EventSync.class);
    final CommandResults commandResults = context.getBean(CommandResults.class);

    /** What happened, in order, for the failure message. */
    final List<String> trace = new ArrayList<>();

    int sequence;

    final KafkaConsumer<String, ContractMessage> commands;

    /** Reads the commands published from now on. */
    World(String user) {
      this.user = user;
      commands =
          new KafkaConsumer<>(
              Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers()),
              new StringDeserializer(),
              new CloudEventDeserializer());
      List<TopicPartition> partitions =
          Stream.of(Topics.TASK_COMMANDS, Topics.CALENDAR_COMMANDS)
              .flatMap(topic -> commands.partitionsFor(topic).stream())
              .map(info -> new TopicPartition(info.topic(), info.partition()))
              .toList();
      commands.assign(partitions);
      commands.seekToEnd(partitions);
      partitions.forEach(commands::position);
    }

    @Override
    public void close() {
      commands.close();
    }

    /** The user connects Google Calendar, two-way. */
    void connect() {
      orchestrate(
          context
              .getBean(ConnectionSync.class)
              .onConnectionEvent(
                  UUID.randomUUID().toString(),
                  ConnectionMother.connectedEvent(
                      user, ConnectionMother.settings(SyncMode.TWO_WAY))));
    }

    void run(Step step) {
      switch (step.kind()) {
        case GOOGLE_CREATE -> {
          tick(step.b());
          GEvent event = new GEvent(user, "ev" + sequence++, fields(step.a(), step.b()), clock);
          google.put(event.id, event);
          publish(1, event.changed());
        }
        case GOOGLE_EDIT ->
            changeEvent(step, event -> event.fields = edit(event.fields, step.a(), step.b()));
        case GOOGLE_DELETE ->
            changeEvent(
                step,
                event -> {
                  event.cancelled = true;
                  event.deletedByUser = true;
                });
        case CRM_CREATE -> {
          tick(step.b());
          CTask task =
              new CTask(user, "task" + sequence++, Origins.CRM, fields(step.a(), step.b()), clock);
          crm.put(task.id, task);
          publish(0, task.event(Origins.CRM, null));
        }
        case CRM_EDIT ->
            changeTask(step, task -> task.fields = edit(task.fields, step.a(), step.b()));
        case CRM_DELETE ->
            changeTask(
                step,
                task -> {
                  task.deleted = true;
                  task.deletedByUser = true;
                });
        case DELIVER -> deliver(step.a() % 5, true);
        case REDELIVER -> deliver(step.a() % 5, false);
        case REPUBLISH -> {
          GEvent event = pick(List.copyOf(google.values()), step);
          if (event != null) {
            publish(1, event.changed());
          }
        }
      }
    }

    /** A user's change of a live event in Google, which the connector then reports. */
    private void changeEvent(Step step, Consumer<GEvent> change) {
      GEvent event = pick(google.values().stream().filter(e -> !e.cancelled).toList(), step);
      if (event != null) {
        tick(step.b());
        change.accept(event);
        event.revision++;
        event.updated = clock;
        publish(1, event.changed());
      }
    }

    /** A user's change of a live task in the CRM. */
    private void changeTask(Step step, Consumer<CTask> change) {
      CTask task = pick(crm.values().stream().filter(t -> !t.deleted).toList(), step);
      if (task != null) {
        tick(step.b());
        change.accept(task);
        changed(task, Origins.CRM, null);
      }
    }

    /** A new version of {@code task} is published on the task events. */
    private void changed(CTask task, String origin, String causationId) {
      task.version++;
      task.updatedAt = clock;
      publish(0, task.event(origin, causationId));
    }

    /**
     * Delivers until every queue is empty and the guard applied every deletion. The guard sweeps
     * only then, when nothing is on its way: a sweep while a new event's {@code TaskCreated} is
     * still on its way drops the unlinking of that event's cancellation (its link is still {@code
     * PENDING}), which leaves the task linked to the deleted event (a known limit of the guard).
     */
    void drain() {
      for (int i = 0; i < 20_000; i++) {
        int topic = i % 5;
        if (!topics.get(topic).isEmpty()) {
          deliver(topic, true);
        }
        if (topics.stream().allMatch(Deque::isEmpty)) {
          GuardSweeps.sweep(context).block(HANDLED);
          trace.add("sweep");
          readCommands();
          if (topics.stream().allMatch(Deque::isEmpty)) {
            return;
          }
        }
      }
      throw new AssertionError("the sync did not settle:\n" + trace());
    }

    String trace() {
      return String.join("\n", trace.subList(0, Math.min(trace.size(), 400)));
    }

    private void tick(int b) {
      // Sometimes no time passes, so that both sides change at the same instant (ties).
      clock = clock.plusSeconds(b % 3);
    }

    private void publish(int topic, Object body) {
      trace.add("  publish " + body);
      topics.get(topic).addLast(new Message(UUID.randomUUID().toString(), body));
    }

    private void deliver(int topic, boolean remove) {
      Message message = remove ? topics.get(topic).pollFirst() : topics.get(topic).peekFirst();
      if (message == null) {
        return;
      }
      trace.add((remove ? "deliver " : "redeliver ") + message.body());
      switch (topic) {
        case 0 -> orchestrate(taskSync.onTaskEvent(message.id(), (TaskEvent) message.body()));
        case 1 ->
            orchestrate(eventSync.onEventChanged(message.id(), (EventChanged) message.body()));
        case 2 ->
            orchestrate(
                commandResults.onCommandResult(message.id(), (CommandResult) message.body()));
        case 3 -> taskService((TaskCommand) message.body());
        default -> connector((CalendarCommand) message.body());
      }
    }

    // --- the orchestrator: its real handlers, and what it publishes ---

    /** One record handled as the intake would, then the commands it (or a sweep) published. */
    private void orchestrate(Mono<Void> handling) {
      handling.block(HANDLED);
      readCommands();
    }

    /** The user's commands published since the last read, onto the queues of their topics. */
    private void readCommands() {
      Map<TopicPartition, Long> end = commands.endOffsets(commands.assignment());
      while (end.entrySet().stream()
          .anyMatch(partition -> commands.position(partition.getKey()) < partition.getValue())) {
        for (ConsumerRecord<String, ContractMessage> record :
            commands.poll(Duration.ofMillis(100))) {
          if (user.equals(record.key())) {
            trace.add("  sent " + record.value());
            int topic = Topics.TASK_COMMANDS.equals(record.topic()) ? 3 : 4;
            topics
                .get(topic)
                .addLast(
                    new Message(CloudEventAttributes.from(record.headers()).id(), record.value()));
          }
        }
      }
    }

    List<LinkRow> links() throws SQLException {
      try (Connection connection = jdbc();
          PreparedStatement statement =
              connection.prepareStatement(
                  "SELECT task_id, event_id, state FROM link WHERE user_id = ?")) {
        statement.setString(1, user);
        List<LinkRow> rows = new ArrayList<>();
        try (ResultSet result = statement.executeQuery()) {
          while (result.next()) {
            rows.add(new LinkRow(result.getString(1), result.getString(2), result.getString(3)));
          }
        }
        return rows;
      }
    }

    long count(String sql) throws SQLException {
      try (Connection connection = jdbc();
          PreparedStatement statement = connection.prepareStatement(sql)) {
        statement.setString(1, user);
        try (ResultSet rows = statement.executeQuery()) {
          rows.next();
          return rows.getLong(1);
        }
      }
    }

    private static Connection jdbc() throws SQLException {
      return DriverManager.getConnection(
          database.jdbcUrl(), database.username(), database.password());
    }

    // --- task-service: each command at most once; creation idempotent on the event ---

    private void taskService(TaskCommand command) {
      if (!taskServiceDone.add(command.commandId())) {
        return;
      }
      if (command instanceof CreateTaskFromEvent create) {
        String id = TaskIds.fromEvent(create.userId(), create.eventId());
        if (crm.containsKey(id)) {
          return;
        }
        tick(1);
        CTask task =
            new CTask(
                user,
                id,
                Origins.CALENDAR_SYNC,
                new SyncFields(
                    create.title(),
                    create.description(),
                    create.dueDate(),
                    create.dueTime(),
                    create.assigneeEmail()),
                clock);
        crm.put(id, task);
        tasksCreatedPerEvent.merge(create.eventId(), 1, Integer::sum);
        publish(0, task.event(Origins.CALENDAR_SYNC, create.commandId()));
      } else if (command instanceof UpdateTaskFromEvent update) {
        CTask task = crm.get(update.taskId());
        if (task == null || task.deleted || task.version != update.expectedVersion()) {
          return;
        }
        tick(1);
        task.fields =
            new SyncFields(
                update.title(),
                update.description(),
                update.dueDate(),
                update.dueTime(),
                update.assigneeEmail());
        changed(task, Origins.CALENDAR_SYNC, update.commandId());
      } else if (command instanceof UnlinkTaskFromEvent unlink) {
        CTask task = crm.get(unlink.taskId());
        if (task == null || task.deleted) {
          return;
        }
        tick(1);
        task.unlinked = true;
        changed(task, Origins.CALENDAR_SYNC, unlink.commandId());
      }
    }

    // --- the connector and Google: If-Match, 412 with the current event, adopt on insert ---

    private void connector(CalendarCommand command) {
      if (!connectorDone.add(command.commandId())) {
        return;
      }
      GEvent event = google.get(command.eventId());
      if (command instanceof DeleteEvent) {
        if (event == null || event.cancelled) {
          publish(2, applied(command, null, null, CommandApplied.Action.ALREADY_DELETED));
          return;
        }
        tick(1);
        event.cancelled = true;
        event.revision++;
        event.updated = clock;
        publish(2, applied(command, null, null, CommandApplied.Action.DELETED));
        publish(1, event.changed());
        return;
      }
      UpsertEvent upsert = (UpsertEvent) command;
      if (upsert.expectedEtag() != null
          && (event == null || !event.etag().equals(upsert.expectedEtag()))) {
        publish(
            2,
            new CommandFailed(
                upsert.commandId(),
                user,
                upsert.taskId(),
                upsert.eventId(),
                "412 conflict",
                false));
        if (event != null) {
          publish(1, event.changed());
        }
        return;
      }
      tick(1);
      SyncFields fields =
          SyncFields.ofEvent(
              CommandResults.snapshot(
                  upsert,
                  new CommandApplied(
                      upsert.commandId(),
                      user,
                      upsert.taskId(),
                      upsert.eventId(),
                      "x",
                      clock,
                      CommandApplied.Action.UPDATED)),
              ZONE,
              OWNER_EMAIL);
      CommandApplied.Action action;
      if (event == null) {
        event = new GEvent(user, upsert.eventId(), fields, clock);
        google.put(event.id, event);
        action = CommandApplied.Action.CREATED;
      } else {
        if (event.cancelled && event.deletedByUser) {
          resurrections.add(event.id);
        }
        event.fields = fields;
        event.cancelled = false;
        event.revision++;
        event.updated = clock;
        action = CommandApplied.Action.UPDATED;
      }
      event.stamp = upsert.taskId();
      publish(2, applied(command, event.etag(), event.updated, action));
      publish(1, event.changed());
    }

    private CommandApplied applied(
        CalendarCommand command, String etag, Instant updated, CommandApplied.Action action) {
      return new CommandApplied(
          command.commandId(), user, command.taskId(), command.eventId(), etag, updated, action);
    }

    // --- data ---

    private static <T> T pick(List<T> items, Step step) {
      return items.isEmpty() ? null : items.get(step.a() % items.size());
    }

    private static final String[] TITLES = {"Call Acme", "Dentist", "Review"};
    private static final String[] DESCRIPTIONS = {null, "Bring the card.", "Ask for the quote."};
    private static final String[] ASSIGNEES = {null, "bob@example.com", "carol@example.com"};

    private static SyncFields fields(int a, int b) {
      return new SyncFields(
          TITLES[a % 3],
          DESCRIPTIONS[b % 3],
          DAY.plusDays(a % 4),
          LocalTime.of(8 + b % 4, 0),
          ASSIGNEES[(a + b) % 3]);
    }

    /** One field changed to a value from a small pool, so both sides often collide. */
    private static SyncFields edit(SyncFields fields, int a, int b) {
      int field = a % 4;
      return new SyncFields(
          field == 0 ? TITLES[b % 3] : fields.title(),
          field == 1 ? DESCRIPTIONS[b % 3] : fields.description(),
          field == 2 ? DAY.plusDays(b % 4) : fields.dueDate(),
          field == 2 ? LocalTime.of(8 + b % 4, 30) : fields.dueTime(),
          field == 3 ? ASSIGNEES[b % 3] : fields.assignee());
    }
  }
}
