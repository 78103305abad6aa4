package io.calsync.e2e.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.calsync.e2e.CalSyncSystem;
import io.calsync.e2e.benchmark.BenchmarkUsers.User;
import io.calsync.emulator.calendar.WriteLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue 6's latency: from a change in the user's Google Calendar to the task in task-service,
 * through calendar-connector (push notification or poll, incremental sync), sync-orchestrator and
 * task-service's task commands. Not a test: it prints figures and asserts nothing about them
 * (docs/performance.md).
 *
 * <p>The user's edits are the emulator's control API (as Google Calendar's UI: push notifications
 * fire), in an open loop, alternating a new event and a summary edit of an event linked to a task
 * (created during set-up from a CRM task, each edited once). Start: the instant the emulator stored
 * the user's write (its write log). End: the task's {@code updatedAt} as {@code GET /api/v1/tasks}
 * shows it ({@code clock_timestamp()} in the transaction that makes it visible). One machine, one
 * clock.
 *
 * <p>Push and poll are fixed per system, hence per JVM ({@code calsync.e2e.push}, {@code
 * calsync.e2e.poll-interval}): the {@code benchmark} profile runs this class twice, and whichever
 * run of a build finishes second prints both side by side.
 */
@Tag("google-to-crm")
class GoogleToCrmBenchmark {

  private static final BenchmarkSettings DEFAULTS =
      new BenchmarkSettings(
          20,
          5.0,
          Duration.ofSeconds(60),
          Duration.ofSeconds(10),
          // A change made just after a poll waits a whole interval (plus the connector's 10 %
          // jitter), then needs a few seconds to travel.
          Duration.ofMillis(CalSyncSystem.POLL_INTERVAL.toMillis() * 11 / 10).plusSeconds(30));

  private static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);
  private static final Duration READ_EVERY = Duration.ofSeconds(1);
  private static final Duration SETUP_TIMEOUT = Duration.ofMinutes(3);
  private static final String ZONE = "Europe/Berlin";
  private static final LocalDate FIRST_START_DATE = LocalDate.of(2030, 2, 4);

  private enum Kind {
    CREATE,
    EDIT
  }

  /** One change made in Google, with the title its task must show once it has arrived. */
  private static final class Change {
    final int index;
    final Kind kind;
    final User user;
    final boolean measured;
    final String title;
    volatile Instant writtenAt;
    volatile Instant taskUpdatedAt;
    volatile String error;

    Change(int index, Kind kind, User user, boolean measured, String title) {
      this.index = index;
      this.kind = kind;
      this.user = user;
      this.measured = measured;
      this.title = title;
    }

    boolean pending() {
      return writtenAt != null && taskUpdatedAt == null;
    }
  }

  /** The figures a run leaves for the other mode's run of the same build. */
  record RunFigures(
      String runId,
      String mode,
      String pollInterval,
      int users,
      double rate,
      int changes,
      int lost,
      double p50Ms,
      double p95Ms,
      double p99Ms,
      double maxMs) {}

  @Test
  void googleChangeToCrmTask() throws Exception {
    BenchmarkSettings settings = BenchmarkSettings.fromSystemProperties(DEFAULTS);
    String mode = CalSyncSystem.PUSH ? "push" : "polling";
    CalSyncSystem system = CalSyncSystem.get();
    HttpJson http = new HttpJson();
    List<Change> changes = new ArrayList<>();
    try (Progress progress =
        Progress.every(PROGRESS_EVERY, "google-to-crm " + mode, () -> status(changes))) {
      progress.print(
          String.format(
              "system started in %d s; %s, poll interval %s; %s",
              system.startDuration().toSeconds(),
              CalSyncSystem.PUSH ? "push channels on" : "no push (polling only)",
              CalSyncSystem.POLL_INTERVAL,
              settings.describe()));

      int total =
          (int)
              Math.round(
                  settings.rate() * settings.warmUp().plus(settings.duration()).toNanos() / 1e9);
      int warmUpCount = (int) Math.round(settings.rate() * settings.warmUp().toNanos() / 1e9);
      int editsPerUser = (int) Math.ceil((total + 1) / 2.0 / settings.users());

      // The events the edits change are created by CRM tasks, through CalSync: once they are in
      // Google, sync-orchestrator knows every user's connection. (Events that exist before
      // connecting are not used: the first sync may overtake the connection event and have them
      // skipped, see docs/performance.md.)
      List<User> users = BenchmarkUsers.create(system, "g2c", settings.users());
      BenchmarkUsers.connectAll(system, users);
      progress.print(
          users.size()
              + " users connected; creating "
              + editsPerUser
              + " tasks each in the CRM for the edits");
      Map<String, Deque<String>> editable = linkedEvents(system, http, users, editsPerUser);
      progress.print(
          "their events are in Google" + (CalSyncSystem.PUSH ? ", push channels open" : ""));
      // Tasks are read while the load runs too, so that progress lines show arrivals.
      AtomicReference<Instant> deadline = new AtomicReference<>();
      ExecutorService reader = Executors.newSingleThreadExecutor();
      Future<?> reading =
          reader.submit(
              () -> {
                awaitTasks(http, system, users, changes, deadline);
                return null;
              });
      Instant loadStarted = Instant.now();
      // New events start after the linked ones, each on its own day.
      int dayOffset = editsPerUser;
      OpenLoop.run(
          settings.rate(),
          settings.warmUp().plus(settings.duration()),
          i -> {
            Kind kind = i % 2 == 0 ? Kind.CREATE : Kind.EDIT;
            User user = users.get((i / 2) % users.size());
            Change change =
                new Change(
                    i,
                    kind,
                    user,
                    i >= warmUpCount,
                    "Google change #" + i + (kind == Kind.EDIT ? " (edited)" : ""));
            synchronized (changes) {
              changes.add(change);
            }
            try {
              String eventId;
              String method;
              if (kind == Kind.CREATE) {
                eventId =
                    system
                        .google()
                        .control()
                        .createEvent(user.account(), event(change.title, dayOffset + i))
                        .path("id")
                        .asText();
                method = "insert";
              } else {
                eventId = editable.get(user.userId()).removeFirst();
                system
                    .google()
                    .control()
                    .patchEvent(
                        user.account(),
                        eventId,
                        HttpJson.JSON.createObjectNode().put("summary", change.title));
                method = "patch";
              }
              change.writtenAt = userWriteAt(system, user.account(), eventId, method);
            } catch (RuntimeException e) {
              change.error = e.toString();
            }
          });
      Instant loadEnded = Instant.now();
      progress.print("load done; draining up to " + settings.drain().toSeconds() + " s");
      deadline.set(loadEnded.plus(settings.drain()));
      try {
        reading.get();
      } finally {
        reader.shutdownNow();
      }

      publish(system, settings, mode, changes, loadStarted, loadEnded);
    }
  }

  private static void publish(
      CalSyncSystem system,
      BenchmarkSettings settings,
      String mode,
      List<Change> changes,
      Instant loadStarted,
      Instant loadEnded) {
    List<Change> measured = changes.stream().filter(c -> c.measured).toList();
    List<Change> made = measured.stream().filter(c -> c.writtenAt != null).toList();
    List<Change> arrived = made.stream().filter(c -> c.taskUpdatedAt != null).toList();
    double seconds = Duration.between(loadStarted, loadEnded).toNanos() / 1e9;
    LatencyStats all = LatencyStats.of(latencies(arrived));
    String modeLine =
        CalSyncSystem.PUSH
            ? "push channels on, poll interval " + CalSyncSystem.POLL_INTERVAL
            : "no push channels (polling only), poll interval " + CalSyncSystem.POLL_INTERVAL;

    Report report =
        new Report(
                "google-to-crm-" + mode,
                "Google -> CRM latency (issue 6), "
                    + mode
                    + ": change in Google -> task in the CRM")
            .line(
                "system: 4 services from their jars, in-JVM Kafka, local PostgreSQL, in-process Google emulator; %s",
                modeLine)
            .line(
                "load: %s; achieved %.2f changes/s (warm-up and measured)",
                settings.describe(), changes.size() / seconds)
            .line(
                "changes measured: %d (%d new events, %d summary edits), %d failed in the emulator, %d lost (no task change within %ds of the last one); warm-up changes: %d",
                measured.size(),
                measured.stream().filter(c -> c.kind == Kind.CREATE).count(),
                measured.stream().filter(c -> c.kind == Kind.EDIT).count(),
                measured.size() - made.size(),
                made.size() - arrived.size(),
                settings.drain().toSeconds(),
                changes.size() - measured.size())
            .line(LatencyStats.HEADER)
            .line(all.row("all changes"))
            .line(
                LatencyStats.of(latencies(only(arrived, Kind.CREATE))).row("new event -> new task"))
            .line(
                LatencyStats.of(latencies(only(arrived, Kind.EDIT)))
                    .row("summary edit -> task title"));
    report.line("slowest:");
    arrived.stream()
        .sorted(Comparator.comparing(GoogleToCrmBenchmark::latency).reversed())
        .limit(5)
        .forEach(
            c ->
                report.line(
                    "  %s ms  %s %s of %s, written %s",
                    LatencyStats.millis(latency(c)),
                    c.kind,
                    c.title,
                    c.user.userId(),
                    c.writtenAt));
    made.stream()
        .filter(c -> c.taskUpdatedAt == null)
        .limit(5)
        .forEach(c -> report.line("  lost: %s of %s", c.title, c.user.userId()));
    measured.stream()
        .filter(c -> c.error != null)
        .limit(5)
        .forEach(c -> report.line("  failed: %s: %s", c.title, c.error));
    report.line("service logs: %s", system.logs());
    report.publish();

    RunFigures figures =
        new RunFigures(
            BenchmarkSettings.runId().orElse(null),
            mode,
            CalSyncSystem.POLL_INTERVAL.toString(),
            settings.users(),
            settings.rate(),
            made.size(),
            made.size() - arrived.size(),
            ms(all.percentile(50)),
            ms(all.percentile(95)),
            ms(all.percentile(99)),
            ms(all.max()));
    write(figures);
    read(CalSyncSystem.PUSH ? "polling" : "push")
        .filter(other -> figures.runId() != null && figures.runId().equals(other.runId()))
        .ifPresent(
            other ->
                compare(
                    CalSyncSystem.PUSH ? figures : other, CalSyncSystem.PUSH ? other : figures));

    assertThat(arrived)
        .as("no measured change reached the CRM: the run measured nothing")
        .isNotEmpty();
  }

  /** Both modes of one build side by side, with the ratio polling / push. */
  private static void compare(RunFigures push, RunFigures polling) {
    String row = "  %-44s %7s %9s %9s %9s %9s";
    new Report(
            "google-to-crm-comparison",
            "Google -> CRM latency: push vs polling only (same build and load)")
        .line(row, "latency (ms)", "changes", "p50", "p95", "p99", "max")
        .line(
            row,
            label(push),
            push.changes(),
            push.p50Ms(),
            push.p95Ms(),
            push.p99Ms(),
            push.maxMs())
        .line(
            row,
            label(polling),
            polling.changes(),
            polling.p50Ms(),
            polling.p95Ms(),
            polling.p99Ms(),
            polling.maxMs())
        .line(
            row,
            "ratio polling / push",
            "",
            ratio(polling.p50Ms(), push.p50Ms()),
            ratio(polling.p95Ms(), push.p95Ms()),
            ratio(polling.p99Ms(), push.p99Ms()),
            ratio(polling.maxMs(), push.maxMs()))
        .line("lost: push %d, polling %d", push.lost(), polling.lost())
        .publish();
  }

  private static String label(RunFigures figures) {
    return (figures.mode().equals("push") ? "push + poll every " : "polling only, every ")
        + Duration.parse(figures.pollInterval()).toSeconds()
        + " s ("
        + figures.lost()
        + " lost)";
  }

  private static String ratio(double a, double b) {
    return b == 0 ? "-" : String.format(Locale.ROOT, "%.1fx", a / b);
  }

  private static double ms(Duration duration) {
    return Math.round(duration.toNanos() / 100_000.0) / 10.0;
  }

  private static Path figuresFile(String mode) {
    return BenchmarkSettings.resultsDirectory().resolve("google-to-crm-" + mode + ".json");
  }

  private static void write(RunFigures figures) {
    try {
      Path file = figuresFile(figures.mode());
      Files.createDirectories(file.getParent());
      HttpJson.JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), figures);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Optional<RunFigures> read(String mode) {
    Path file = figuresFile(mode);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(HttpJson.JSON.readValue(file.toFile(), RunFigures.class));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<Change> only(List<Change> changes, Kind kind) {
    return changes.stream().filter(c -> c.kind == kind).toList();
  }

  private static List<Duration> latencies(List<Change> changes) {
    return changes.stream().map(GoogleToCrmBenchmark::latency).toList();
  }

  private static Duration latency(Change change) {
    return Duration.between(change.writtenAt, change.taskUpdatedAt);
  }

  /** When the emulator stored the user's last {@code method} write of the event. */
  private static Instant userWriteAt(
      CalSyncSystem system, String account, String eventId, String method) {
    List<WriteLog.Write> writes = system.google().control().writes(account);
    for (int i = writes.size() - 1; i >= 0; i--) {
      WriteLog.Write write = writes.get(i);
      if (write.eventId().equals(eventId)
          && write.method().equals(method)
          && write.actor().equals("user")) {
        return write.at();
      }
    }
    throw new IllegalStateException("No " + method + " of " + eventId + " in the write log");
  }

  /**
   * Creates {@code count} timed tasks per user through task-service and waits until their events
   * are in Google and, with push, every calendar has a channel; returns each user's event ids.
   */
  private static Map<String, Deque<String>> linkedEvents(
      CalSyncSystem system, HttpJson http, List<User> users, int count)
      throws InterruptedException {
    for (User user : users) {
      for (int k = 0; k < count; k++) {
        Map<String, Object> task = new HashMap<>();
        task.put("title", "Linked task " + k);
        task.put("dueDate", FIRST_START_DATE.plusDays(k).toString());
        task.put("dueTime", "10:00");
        task.put("timeZone", ZONE);
        HttpJson.Reply created =
            http.send(
                "POST", system.taskServiceUrl() + "/api/v1/tasks", user.bearer(), task, Map.of());
        if (created.status() != 201) {
          throw new IllegalStateException("POST /api/v1/tasks answered " + created);
        }
      }
    }
    long deadline = System.nanoTime() + SETUP_TIMEOUT.toNanos();
    while (true) {
      List<String> accountsWithChannel =
          system.google().control().channels().stream().map(c -> c.account()).toList();
      Map<String, Deque<String>> eventIds = new HashMap<>();
      List<User> missing = new ArrayList<>();
      for (User user : users) {
        Deque<String> ids =
            system.google().control().events(user.account()).stream()
                .filter(e -> e.path("extendedProperties").path("private").has("calsyncTaskId"))
                .map(e -> e.path("id").asText())
                .collect(Collectors.toCollection(ArrayDeque::new));
        eventIds.put(user.userId(), ids);
        if (ids.size() < count
            || (CalSyncSystem.PUSH && !accountsWithChannel.contains(user.account()))) {
          missing.add(user);
        }
      }
      if (missing.isEmpty()) {
        return eventIds;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            missing.size()
                + " users lack their tasks' events or a push channel after "
                + SETUP_TIMEOUT
                + ":\n"
                + missing.stream()
                    .map(
                        user ->
                            diagnose(
                                system,
                                http,
                                user,
                                eventIds.get(user.userId()).size() + " of " + count + " events",
                                accountsWithChannel))
                    .collect(Collectors.joining("\n")));
      }
      Thread.sleep(READ_EVERY.toMillis());
    }
  }

  /** What the system did for a user the set-up waits for in vain, for the failure message. */
  private static String diagnose(
      CalSyncSystem system,
      HttpJson http,
      User user,
      String state,
      List<String> accountsWithChannel) {
    HttpJson.Reply history =
        http.get(system.syncOrchestratorUrl() + "/api/v1/sync/history?limit=200", user.bearer());
    Map<String, Long> outcomes =
        history.status() != 200
            ? Map.of("history answered " + history.status(), 1L)
            : StreamSupport.stream(history.json().spliterator(), false)
                .collect(
                    Collectors.groupingBy(
                        entry ->
                            entry.path("action").asText()
                                + "/"
                                + entry.path("outcome").asText()
                                + "/"
                                + entry.path("reason").asText(),
                        TreeMap::new,
                        Collectors.counting()));
    return String.format(
        Locale.ROOT,
        "  %s (%s): %s, push channel %s, events.list calls %d, sync history %s",
        user.userId(),
        user.account(),
        state,
        accountsWithChannel.contains(user.account()) ? "open" : "none",
        system.google().callCount("events.list", user.account()),
        outcomes);
  }

  /**
   * Reads the task lists of users with pending changes every second until the load has ended
   * ({@code deadline} set) and every change has arrived, or the deadline has passed. Latency comes
   * from the tasks' {@code updatedAt}, so the reading period does not enter the figures.
   */
  private static void awaitTasks(
      HttpJson http,
      CalSyncSystem system,
      List<User> users,
      List<Change> changes,
      AtomicReference<Instant> deadline)
      throws InterruptedException {
    while (true) {
      Instant end = deadline.get();
      List<Change> pending = snapshot(changes).stream().filter(Change::pending).toList();
      for (User user : users) {
        List<Change> ofUser = pending.stream().filter(c -> c.user == user).toList();
        if (ofUser.isEmpty()) {
          continue;
        }
        Map<String, Instant> tasks = tasksByTitle(http, system, user);
        ofUser.forEach(c -> c.taskUpdatedAt = tasks.get(c.title));
      }
      if (end != null
          && (snapshot(changes).stream().noneMatch(Change::pending)
              || Instant.now().isAfter(end))) {
        return;
      }
      Thread.sleep(READ_EVERY.toMillis());
    }
  }

  private static List<Change> snapshot(List<Change> changes) {
    synchronized (changes) {
      return List.copyOf(changes);
    }
  }

  /** The user's tasks, title → {@code updatedAt}, through task-service's API. */
  private static Map<String, Instant> tasksByTitle(HttpJson http, CalSyncSystem system, User user) {
    HttpJson.Reply page =
        http.get(system.taskServiceUrl() + "/api/v1/tasks?size=200", user.bearer());
    if (page.status() != 200) {
      throw new IllegalStateException("GET /api/v1/tasks answered " + page);
    }
    JsonNode body = page.json();
    if (body.hasNonNull("nextCursor")) {
      throw new IllegalStateException("More than 200 tasks for " + user.userId());
    }
    Map<String, Instant> byTitle = new HashMap<>();
    body.path("items")
        .forEach(
            task ->
                byTitle.put(
                    task.path("title").asText(), Instant.parse(task.path("updatedAt").asText())));
    return byTitle;
  }

  private static String status(List<Change> changes) {
    List<Change> all = snapshot(changes);
    Map<Boolean, Long> arrived =
        all.stream()
            .filter(c -> c.writtenAt != null)
            .collect(
                Collectors.partitioningBy(c -> c.taskUpdatedAt != null, Collectors.counting()));
    return String.format(
        "changes made in Google %d, arrived in the CRM %d, pending %d",
        all.size(), arrived.get(true), arrived.get(false));
  }

  /** A one-hour event on its own day, starting at 09:00 Berlin time. */
  private static ObjectNode event(String summary, int day) {
    ZonedDateTime start =
        ZonedDateTime.of(FIRST_START_DATE.plusDays(day), LocalTime.of(9, 0), ZoneId.of(ZONE));
    ObjectNode event = HttpJson.JSON.createObjectNode().put("summary", summary);
    event
        .putObject("start")
        .put("dateTime", start.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME))
        .put("timeZone", ZONE);
    event
        .putObject("end")
        .put("dateTime", start.plusHours(1).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME))
        .put("timeZone", ZONE);
    return event;
  }
}
