package io.calsync.orchestrator.googletocrm;

import static io.calsync.orchestrator.fixture.ConnectionMother.OWNER_EMAIL;
import static org.assertj.core.api.Assertions.assertThat;

import io.calsync.contracts.calendar.CalendarCommand;
import io.calsync.contracts.calendar.CommandApplied;
import io.calsync.contracts.calendar.CommandFailed;
import io.calsync.contracts.calendar.DeleteEvent;
import io.calsync.contracts.calendar.EventChanged;
import io.calsync.contracts.calendar.EventStatus;
import io.calsync.contracts.calendar.EventTime;
import io.calsync.contracts.calendar.SyncKind;
import io.calsync.contracts.calendar.UpsertEvent;
import io.calsync.contracts.task.CreateTaskFromEvent;
import io.calsync.contracts.task.EventTaskIds;
import io.calsync.contracts.task.Origins;
import io.calsync.contracts.task.TaskCommand;
import io.calsync.contracts.task.TaskDeleted;
import io.calsync.contracts.task.TaskEvent;
import io.calsync.contracts.task.UnlinkTaskFromEvent;
import io.calsync.contracts.task.UpdateTaskFromEvent;
import io.calsync.orchestrator.connection.UserConnection;
import io.calsync.orchestrator.crmtogoogle.CommandResults;
import io.calsync.orchestrator.fixture.ConnectionMother;
import io.calsync.orchestrator.fixture.TaskEventMother;
import io.calsync.orchestrator.googletocrm.EventDecision.LinkChange;
import io.calsync.orchestrator.link.Link;
import io.calsync.orchestrator.link.LinkState;
import io.calsync.orchestrator.merge.SyncFields;
import io.calsync.orchestrator.reconcile.CalendarCommandDecider;
import io.calsync.orchestrator.reconcile.Decision;
import io.calsync.orchestrator.reconcile.Reconciliation;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
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
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The two-way sync as a whole, without Kafka and PostgreSQL: the CRM and Google are simple
 * in-memory stores, driven by the commands the orchestrator's pure decisions ({@link
 * EventChangeDecider}, {@link CalendarCommandDecider}, {@link Reconciliation}) emit, and every
 * message travels through a FIFO queue per topic. Random interleavings of edits and deletions on
 * both sides, duplicate deliveries (same {@code ce_id}) and re-publications (a full resync lists an
 * event again) always end, once every queue is drained, with both sides equal on every live link,
 * never a second task for an event or a second event for a task, and no deletion undone.
 *
 * <p>The orchestrator's glue (which link columns change when) mirrors {@code TaskSync}, {@code
 * EventSync} and {@code CommandResults}; the integration tests check that glue against PostgreSQL.
 */
class GoogleToCrmPropertiesTest {

  private static final String USER = "user-1";
  private static final String ZONE = "Europe/Berlin";
  private static final LocalDate DAY = LocalDate.of(2027, 3, 1);

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

  @Property(tries = 1000)
  void randomInterleavings_converge_withoutDuplicates_orResurrections(
      @ForAll("scenarios") List<Step> steps) {
    World world = new World();
    for (Step step : steps) {
      world.run(step);
    }
    world.drain();

    assertThat(world.resurrections).as("deletions undone").isEmpty();
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
    for (L link : world.links.values()) {
      GEvent event = world.google.get(link.eventId);
      CTask task = world.crm.get(link.taskId);
      if (link.state.equals("ACTIVE")) {
        assertThat(task).as("task of an active link").isNotNull();
        assertThat(event).as("event of an active link").isNotNull();
        if (!task.deleted && !event.cancelled) {
          assertThat(SyncFields.ofEvent(event.changed(), ZONE, OWNER_EMAIL))
              .as(() -> "both sides of link " + link.taskId + "\n" + String.join("\n", world.trace))
              .isEqualTo(task.fields);
        }
      }
      if (task != null && task.deletedByUser && event != null) {
        if (EventTaskIds.createdFrom(USER, task.id, event.id)) {
          // Created in Google, and the default KEEP_EVENT: deleting the task leaves it alone.
          assertThat(event.cancelled && !event.deletedByUser)
              .as("event created in Google, deleted by CalSync for its task")
              .isFalse();
        } else {
          assertThat(event.cancelled).as("event of a task deleted in the CRM").isTrue();
        }
      }
      if (event != null && event.deletedByUser) {
        assertThat(link.state).as("link of an event deleted in Google").isEqualTo("DELETED");
      }
    }
    for (GEvent event : world.google.values()) {
      if (!event.cancelled && event.stamp == null) {
        String derived = TaskIds.fromEvent(USER, event.id);
        assertThat(world.crm).as("task of event " + event.id).containsKey(derived);
      }
    }
    for (CTask task : world.crm.values()) {
      if (!task.deleted && !task.unlinked && task.createdBy.equals(Origins.CRM)) {
        assertThat(world.links.get(task.id)).as("link of CRM task " + task.id).isNotNull();
      }
    }
  }

  @Provide
  Arbitrary<List<Step>> scenarios() {
    Arbitrary<Step> step =
        Combinators.combine(
                Arbitraries.frequencyOf(
                    net.jqwik.api.Tuple.of(3, Arbitraries.just(Kind.GOOGLE_CREATE)),
                    net.jqwik.api.Tuple.of(6, Arbitraries.just(Kind.GOOGLE_EDIT)),
                    net.jqwik.api.Tuple.of(1, Arbitraries.just(Kind.GOOGLE_DELETE)),
                    net.jqwik.api.Tuple.of(3, Arbitraries.just(Kind.CRM_CREATE)),
                    net.jqwik.api.Tuple.of(6, Arbitraries.just(Kind.CRM_EDIT)),
                    net.jqwik.api.Tuple.of(1, Arbitraries.just(Kind.CRM_DELETE)),
                    net.jqwik.api.Tuple.of(14, Arbitraries.just(Kind.DELIVER)),
                    net.jqwik.api.Tuple.of(3, Arbitraries.just(Kind.REDELIVER)),
                    net.jqwik.api.Tuple.of(2, Arbitraries.just(Kind.REPUBLISH))),
                Arbitraries.integers().between(0, 1000),
                Arbitraries.integers().between(0, 1000))
            .as(Step::new);
    return step.list().ofMinSize(1).ofMaxSize(60);
  }

  // --- the two sides ---

  /** A task in the CRM store. */
  static final class CTask {
    final String id;
    final String createdBy;
    SyncFields fields;
    long version = 1;
    Instant updatedAt;
    boolean deleted;
    boolean deletedByUser;
    boolean unlinked;

    CTask(String id, String createdBy, SyncFields fields, Instant updatedAt) {
      this.id = id;
      this.createdBy = createdBy;
      this.fields = fields;
      this.updatedAt = updatedAt;
    }

    TaskEvent event(String origin, String causationId) {
      TaskEventMother.Task task =
          new TaskEventMother.Task()
              .of(USER)
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
    final String id;
    String stamp;
    SyncFields fields;
    int revision = 1;
    Instant updated;
    boolean cancelled;
    boolean deletedByUser;

    GEvent(String id, SyncFields fields, Instant updated) {
      this.id = id;
      this.fields = fields;
      this.updated = updated;
    }

    String etag() {
      return id + "#" + revision;
    }

    EventChanged changed() {
      if (cancelled) {
        return EventChanged.cancelled(USER, OWNER_EMAIL, id, SyncKind.INCREMENTAL);
      }
      ZonedDateTime start = ZonedDateTime.of(fields.dueDate(), fields.dueTime(), ZoneId.of(ZONE));
      return new EventChanged(
          USER,
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

  /** The orchestrator's link row. */
  static final class L {
    String taskId;
    String calendarId = OWNER_EMAIL;
    String eventId;
    String state;
    String deletedBy;
    String etag;
    Instant updated;
    EventChanged event;
    SyncFields base;
    Instant taskChangedAt;

    Link link() {
      return new Link(
          null,
          null,
          USER,
          taskId,
          calendarId,
          eventId,
          Link.State.valueOf(state),
          deletedBy == null ? null : Link.DeletedBy.valueOf(deletedBy),
          null,
          null,
          null,
          null,
          etag,
          updated,
          event,
          base,
          taskChangedAt);
    }

    LinkState linkState() {
      return new LinkState(calendarId, eventId, etag, state.equals("ACTIVE"));
    }
  }

  record Message(String id, Object body) {}

  /** Both stores, the queues between them and the orchestrator's state. */
  static final class World {
    Instant clock = Instant.parse("2027-01-01T10:00:00Z");
    final UserConnection connection = ConnectionMother.connected(USER);
    final Map<String, GEvent> google = new LinkedHashMap<>();
    final Map<String, CTask> crm = new LinkedHashMap<>();
    final Set<String> connectorDone = new HashSet<>();
    final Set<String> taskServiceDone = new HashSet<>();
    final Map<String, Integer> tasksCreatedPerEvent = new HashMap<>();
    final List<String> resurrections = new ArrayList<>();
    // Topics: 0 task events, 1 event changes, 2 command results, 3 task commands, 4 calendar
    // commands.
    final List<Deque<Message>> topics =
        List.of(
            new ArrayDeque<>(),
            new ArrayDeque<>(),
            new ArrayDeque<>(),
            new ArrayDeque<>(),
            new ArrayDeque<>());
    // The orchestrator.
    final Map<String, L> links = new LinkedHashMap<>();
    final Map<String, TaskEvent> taskState = new HashMap<>();
    final Set<String> inbox = new HashSet<>();
    final Set<String> ourTaskCommands = new HashSet<>();
    final Map<String, UpsertEvent> sentUpserts = new HashMap<>();
    final Set<String> answered = new HashSet<>();
    final Set<String> plainPushes = new HashSet<>();

    /** What happened, in order, for the failure message. */
    final List<String> trace = new ArrayList<>();

    int sequence;

    void run(Step step) {
      switch (step.kind()) {
        case GOOGLE_CREATE -> {
          tick(step.b());
          GEvent event = new GEvent("ev" + sequence++, fields(step.a(), step.b()), clock);
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
              new CTask("task" + sequence++, Origins.CRM, fields(step.a(), step.b()), clock);
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

    void drain() {
      for (int i = 0; i < 20_000; i++) {
        int topic = i % 5;
        if (!topics.get(topic).isEmpty()) {
          deliver(topic, true);
        }
        if (topics.stream().allMatch(Deque::isEmpty)) {
          return;
        }
      }
      throw new AssertionError(
          "the sync did not settle:\n"
              + String.join("\n", trace.subList(0, Math.min(trace.size(), 400))));
    }

    private void tick(int b) {
      // Sometimes no time passes, so that both sides change at the same instant (ties).
      clock = clock.plusSeconds(b % 3);
    }

    private void publish(int topic, Object body) {
      if (topic <= 1) {
        trace.add("  publish " + body);
      }
      topics.get(topic).addLast(new Message(UUID.randomUUID().toString(), body));
    }

    private void deliver(int topic, boolean remove) {
      Message message = remove ? topics.get(topic).pollFirst() : topics.get(topic).peekFirst();
      if (message == null) {
        return;
      }
      trace.add((remove ? "deliver " : "redeliver ") + message.body());
      switch (topic) {
        case 0 -> onTaskEvent(message.id(), (TaskEvent) message.body());
        case 1 -> onEventChanged(message.id(), (EventChanged) message.body());
        case 2 -> onResult(message.id(), message.body());
        case 3 -> taskService((TaskCommand) message.body());
        default -> connector((CalendarCommand) message.body());
      }
    }

    // --- the orchestrator (mirrors TaskSync, EventSync, CommandResults) ---

    private void onTaskEvent(String id, TaskEvent task) {
      if (!inbox.add(id)) {
        return;
      }
      TaskEvent previous = taskState.get(task.taskId());
      if (previous != null && previous.version() >= task.version()) {
        return;
      }
      taskState.put(task.taskId(), task);
      boolean ours =
          Origins.CALENDAR_SYNC.equals(task.origin())
              || ourTaskCommands.contains(task.causationId());
      L link = links.get(task.taskId());
      if (link != null) {
        if (link.state.equals("PENDING")) {
          link.state = "ACTIVE";
        }
        if (!ours) {
          link.taskChangedAt = task.updatedAt();
        }
      }
      decideTask(id, task, link, ours);
    }

    private boolean upsertInFlight(String taskId) {
      return sentUpserts.values().stream()
          .anyMatch(u -> u.taskId().equals(taskId) && !answered.contains(u.commandId()));
    }

    private void decideTask(String id, TaskEvent task, L link, boolean ours) {
      if (link != null && link.link().unlinkedByEvent()) {
        return;
      }
      Decision decision =
          CalendarCommandDecider.decide(
              task, connection, link == null ? null : link.linkState(), id);
      if (decision instanceof Decision.Upsert
          && link != null
          && link.state.equals("ACTIVE")
          && upsertInFlight(task.taskId())) {
        return;
      }
      if (decision instanceof Decision.Upsert && link != null && link.link().conflictPending()) {
        return;
      }
      if (decision instanceof Decision.Upsert
          && link != null
          && link.state.equals("ACTIVE")
          && link.event != null) {
        reconcile(id, task, link);
        return;
      }
      if (ours) {
        return;
      }
      if (decision instanceof Decision.Upsert upsert) {
        plainPushes.add(upsert.command().commandId());
        sendCalendar(upsert.command());
        pushedUpsert(task, upsert.command(), link);
      } else if (decision instanceof Decision.Delete delete) {
        sendCalendar(delete.command());
        link.state = "DELETED";
        link.deletedBy = "TASK";
      }
    }

    private void reconcile(String id, TaskEvent task, L link) {
      Reconciliation reconciliation =
          Reconciliation.of(
              link.base,
              link.taskChangedAt,
              task,
              link.event,
              link.link(),
              connection,
              id,
              true,
              true);
      if (reconciliation.inSync()) {
        link.base = reconciliation.taskFields();
        return;
      }
      if (reconciliation.taskCommand() != null) {
        sendTask(reconciliation.taskCommand());
      }
      if (reconciliation.calendarCommand() != null) {
        if (reconciliation.merge().merged().equals(reconciliation.taskFields())) {
          plainPushes.add(reconciliation.calendarCommand().commandId());
        }
        sendCalendar(reconciliation.calendarCommand());
        pushedUpsert(task, reconciliation.calendarCommand(), link);
      }
    }

    private void pushedUpsert(TaskEvent task, UpsertEvent command, L existing) {
      L link = existing;
      if (link == null) {
        link = new L();
        link.taskId = task.taskId();
        link.eventId = command.eventId();
        link.state = "ACTIVE";
        links.put(task.taskId(), link);
      } else {
        link.etag = link.state.equals("ACTIVE") ? link.etag : null;
        link.state = "ACTIVE";
        link.deletedBy = null;
      }
    }

    private void onEventChanged(String id, EventChanged event) {
      if (!inbox.add(id)) {
        return;
      }
      L link =
          links.values().stream()
              .filter(l -> l.eventId.equals(event.eventId()))
              .findFirst()
              .orElse(null);
      String taskId = link != null ? link.taskId : EventChangeDecider.namedTaskId(event);
      L taskLink = link == null ? links.get(taskId) : null;
      EventDecision decision =
          EventChangeDecider.decide(
              event,
              link == null ? null : link.link(),
              taskLink == null ? null : taskLink.link(),
              taskState.get(taskId),
              connection,
              Instant.parse("2027-01-01T00:00:00Z"),
              id,
              link != null && upsertInFlight(link.taskId));
      boolean inserted = false;
      switch (decision.linkChange()) {
        case NONE -> {}
        case SEEN -> seen(link, event);
        case PENDING, REBUILD, TOMBSTONE -> {
          if (!links.containsKey(decision.taskId())) {
            L created = new L();
            created.taskId = decision.taskId();
            created.eventId = event.eventId();
            created.state =
                switch (decision.linkChange()) {
                  case PENDING -> "PENDING";
                  case REBUILD -> "ACTIVE";
                  default -> "DELETED";
                };
            created.deletedBy = created.state.equals("DELETED") ? "EVENT" : null;
            created.base = decision.newBase();
            seen(created, event);
            links.put(created.taskId, created);
          }
          inserted = decision.linkChange() != LinkChange.TOMBSTONE;
        }
        case UNLINK -> {
          link.state = "DELETED";
          link.deletedBy = "EVENT";
          link.etag = event.etag();
          link.updated = event.updated();
        }
      }
      if (decision.newBase() != null && !inserted && links.containsKey(decision.taskId())) {
        links.get(decision.taskId()).base = decision.newBase();
      }
      if (decision.taskCommand() != null) {
        sendTask(decision.taskCommand());
      }
      if (decision.calendarCommand() != null) {
        if (decision.taskCommand() == null) {
          plainPushes.add(decision.calendarCommand().commandId());
        }
        sendCalendar(decision.calendarCommand());
      }
    }

    private static void seen(L link, EventChanged event) {
      link.etag = event.etag();
      link.updated = event.updated();
      link.event = event;
    }

    private void onResult(String id, Object result) {
      if (!inbox.add(id)) {
        return;
      }
      if (result instanceof CommandApplied applied) {
        answered.add(applied.commandId());
        L link = links.get(applied.taskId());
        UpsertEvent upsert = sentUpserts.get(applied.commandId());
        boolean deletion =
            applied.action() == CommandApplied.Action.DELETED
                || applied.action() == CommandApplied.Action.ALREADY_DELETED;
        if (link == null) {
          return;
        }
        if (deletion) {
          if (link.state.equals("DELETED")) {
            link.etag = null;
            link.updated = null;
            link.event = null;
          }
          return;
        }
        if (link.state.equals("ACTIVE")
            && (link.updated == null
                || link.updated.isBefore(applied.updated())
                || link.etag == null
                || link.etag.equals(applied.etag()))) {
          link.etag = applied.etag();
          link.updated = applied.updated();
          if (upsert != null) {
            link.event = CommandResults.snapshot(upsert, applied);
          }
        }
        TaskEvent task = taskState.get(applied.taskId());
        if (upsert != null && task != null) {
          SyncFields written =
              SyncFields.ofEvent(
                  CommandResults.snapshot(upsert, applied), task.timeZone(), OWNER_EMAIL);
          if (plainPushes.contains(upsert.commandId())
              || written.equals(SyncFields.ofTask(task, OWNER_EMAIL))) {
            link.base = written;
          }
        }
        if (task != null && link.state.equals("ACTIVE")) {
          decideTask(id, task, link, false);
        }
        return;
      }
      CommandFailed failed = (CommandFailed) result;
      answered.add(failed.commandId());
      L link = links.get(failed.taskId());
      UpsertEvent upsert = sentUpserts.get(failed.commandId());
      if (link == null) {
        return;
      }
      String expected = upsert == null ? null : upsert.expectedEtag();
      boolean newerKnown =
          link.state.equals("ACTIVE")
              && link.event != null
              && link.etag != null
              && expected != null
              && !link.etag.equals(expected);
      if (!newerKnown) {
        if (link.state.equals("ACTIVE")) {
          link.etag = null;
          link.event = null;
        }
        return;
      }
      TaskEvent task = taskState.get(failed.taskId());
      if (task != null && !(task instanceof TaskDeleted)) {
        reconcile(id, task, link);
      }
    }

    private void sendTask(TaskCommand command) {
      ourTaskCommands.add(command.commandId());
      topics.get(3).addLast(new Message(command.commandId(), command));
    }

    private void sendCalendar(CalendarCommand command) {
      if (command instanceof UpsertEvent upsert) {
        sentUpserts.put(upsert.commandId(), upsert);
      }
      topics.get(4).addLast(new Message(command.commandId(), command));
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
                USER,
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
                      USER,
                      upsert.taskId(),
                      upsert.eventId(),
                      "x",
                      clock,
                      CommandApplied.Action.UPDATED)),
              ZONE,
              OWNER_EMAIL);
      CommandApplied.Action action;
      if (event == null) {
        event = new GEvent(upsert.eventId(), fields, clock);
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

    private static CommandApplied applied(
        CalendarCommand command, String etag, Instant updated, CommandApplied.Action action) {
      return new CommandApplied(
          command.commandId(), USER, command.taskId(), command.eventId(), etag, updated, action);
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
