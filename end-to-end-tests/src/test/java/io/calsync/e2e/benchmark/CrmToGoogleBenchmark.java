package io.calsync.e2e.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.calsync.e2e.CalSyncSystem;
import io.calsync.e2e.benchmark.BenchmarkUsers.User;
import io.calsync.emulator.calendar.WriteLog;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue 5's latency: from a task's commit in task-service to its event in the user's Google
 * Calendar, through the whole system (outbox relay, Kafka, sync-orchestrator, calendar-connector,
 * token-service for the access token). Not a test: it prints figures and asserts nothing about them
 * (docs/performance.md).
 *
 * <p>Tasks are created through task-service's REST API in an open loop, round-robin over the users.
 * Start: the task's {@code updatedAt} ({@code clock_timestamp()} in the transaction that commits
 * it). End: the instant the emulator stored the first write of the task's event (its write log,
 * microseconds). Both clocks are this machine's, so no clock skew enters.
 */
@Tag("crm-to-google")
class CrmToGoogleBenchmark {

  private static final BenchmarkSettings DEFAULTS =
      new BenchmarkSettings(
          20, 5.0, Duration.ofSeconds(60), Duration.ofSeconds(15), Duration.ofSeconds(90));

  private static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);
  private static final Duration PROBE_TIMEOUT = Duration.ofMinutes(3);
  private static final LocalDate FIRST_DUE_DATE = LocalDate.of(2030, 1, 7);

  /** One task the load created, filled in as its answer and its event arrive. */
  private static final class Sample {
    final int index;
    final User user;
    final boolean measured;
    final Instant sentAt;
    volatile int status;
    volatile String taskId;
    volatile Instant updatedAt;
    volatile Instant answeredAt;
    volatile String error;
    volatile Instant eventWrittenAt;

    Sample(int index, User user, boolean measured, Instant sentAt) {
      this.index = index;
      this.user = user;
      this.measured = measured;
      this.sentAt = sentAt;
    }

    boolean created() {
      return status == 201;
    }
  }

  @Test
  void taskCommitToGoogleEvent() throws Exception {
    BenchmarkSettings settings = BenchmarkSettings.fromSystemProperties(DEFAULTS);
    CalSyncSystem system = CalSyncSystem.get();
    HttpJson http = new HttpJson();
    List<Sample> samples = new ArrayList<>();
    List<User> users = BenchmarkUsers.create(system, "c2g", settings.users());
    try (Progress progress =
        Progress.every(PROGRESS_EVERY, "crm-to-google", () -> status(system, users, samples))) {
      progress.print(
          "system started in " + system.startDuration().toSeconds() + " s; " + settings.describe());

      BenchmarkUsers.connectAll(system, users);
      progress.print(users.size() + " users connected");

      // One task per user, waited for: every connection is known to the orchestrator and the
      // connector, and every service has served the path once before the clock runs.
      List<Sample> probes = new ArrayList<>();
      for (User user : users) {
        Sample probe = new Sample(-1, user, false, Instant.now());
        record(probe, http.sendAsync("POST", tasksUrl(system), user.bearer(), task(-1), Map.of()));
        probes.add(probe);
      }
      awaitAnswers(probes);
      long probeStart = System.nanoTime();
      awaitEvents(system, users, probes, PROBE_TIMEOUT);
      progress.print(
          String.format(
              "probe: %d/%d events in %d ms",
              probes.stream().filter(s -> s.eventWrittenAt != null).count(),
              probes.size(),
              TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - probeStart)));

      int warmUpCount = (int) Math.round(settings.rate() * settings.warmUp().toNanos() / 1e9);
      progress.print("load: warm-up " + warmUpCount + " tasks, then measuring");
      Instant loadStarted = Instant.now();
      OpenLoop.run(
          settings.rate(),
          settings.warmUp().plus(settings.duration()),
          i -> {
            User user = users.get(i % users.size());
            Sample sample = new Sample(i, user, i >= warmUpCount, Instant.now());
            synchronized (samples) {
              samples.add(sample);
            }
            record(
                sample, http.sendAsync("POST", tasksUrl(system), user.bearer(), task(i), Map.of()));
          });
      Instant loadEnded = Instant.now();
      List<Sample> all;
      synchronized (samples) {
        all = List.copyOf(samples);
      }
      awaitAnswers(all);
      progress.print("load done; draining up to " + settings.drain().toSeconds() + " s");
      awaitEvents(
          system, users, all, Duration.between(Instant.now(), loadEnded.plus(settings.drain())));

      publish(system, settings, all, loadStarted, loadEnded);
    }
  }

  private static void publish(
      CalSyncSystem system,
      BenchmarkSettings settings,
      List<Sample> all,
      Instant loadStarted,
      Instant loadEnded) {
    List<Sample> measured = all.stream().filter(s -> s.measured).toList();
    List<Sample> created = measured.stream().filter(Sample::created).toList();
    List<Sample> arrived = created.stream().filter(s -> s.eventWrittenAt != null).toList();
    Instant firstMeasured = measured.isEmpty() ? loadStarted : measured.get(0).sentAt;
    Instant lastMeasured =
        measured.isEmpty() ? loadEnded : measured.get(measured.size() - 1).sentAt;
    double seconds = Duration.between(firstMeasured, lastMeasured).toNanos() / 1e9;
    double achieved = measured.size() > 1 ? (measured.size() - 1) / seconds : 0;

    Report report =
        new Report(
                "crm-to-google", "CRM -> Google latency (issue 5): task commit -> event in Google")
            .line(
                "system: 4 services from their jars, in-JVM Kafka, local PostgreSQL, in-process Google emulator; connector poll interval %s, push %s",
                CalSyncSystem.POLL_INTERVAL, CalSyncSystem.PUSH ? "on" : "off")
            .line("load: %s; achieved %.2f tasks/s", settings.describe(), achieved)
            .line(
                "tasks measured: %d sent, %d created (HTTP 201), %d errors, %d lost (no event within %ds of the last send); warm-up tasks: %d",
                measured.size(),
                created.size(),
                measured.size() - created.size(),
                created.size() - arrived.size(),
                settings.drain().toSeconds(),
                all.size() - measured.size())
            .line(LatencyStats.HEADER)
            .line(
                LatencyStats.of(latencies(arrived, s -> s.updatedAt, s -> s.eventWrittenAt))
                    .row("task updatedAt -> event stored"))
            .line(
                LatencyStats.of(latencies(arrived, s -> s.answeredAt, s -> s.eventWrittenAt))
                    .row("201 received -> event stored"))
            .line(
                LatencyStats.of(latencies(created, s -> s.sentAt, s -> s.answeredAt))
                    .row("POST /api/v1/tasks (client view)"));
    report.line("slowest (task updatedAt -> event stored):");
    arrived.stream()
        .sorted(
            Comparator.comparing((Sample s) -> Duration.between(s.updatedAt, s.eventWrittenAt))
                .reversed())
        .limit(5)
        .forEach(
            s ->
                report.line(
                    "  %s ms  task %s user %s, updatedAt %s",
                    LatencyStats.millis(Duration.between(s.updatedAt, s.eventWrittenAt)),
                    s.taskId,
                    s.user.userId(),
                    s.updatedAt));
    measured.stream()
        .filter(s -> !s.created())
        .limit(5)
        .forEach(s -> report.line("  error: task #%d: %d %s", s.index, s.status, s.error));
    created.stream()
        .filter(s -> s.eventWrittenAt == null)
        .limit(5)
        .forEach(s -> report.line("  lost: task %s of %s", s.taskId, s.user.userId()));
    report.line("service logs: %s", system.logs());
    report.publish();

    assertThat(arrived)
        .as("no measured task reached Google: the run measured nothing")
        .isNotEmpty();
  }

  private static List<Duration> latencies(
      List<Sample> samples, Function<Sample, Instant> from, Function<Sample, Instant> to) {
    return samples.stream().map(s -> Duration.between(from.apply(s), to.apply(s))).toList();
  }

  private static void record(Sample sample, CompletableFuture<HttpJson.Reply> answer) {
    answer.whenComplete(
        (reply, failure) -> {
          if (failure != null) {
            sample.status = -1;
            sample.error = failure.toString();
            return;
          }
          sample.answeredAt = reply.receivedAt();
          if (reply.status() == 201) {
            JsonNode task = reply.json();
            sample.taskId = task.path("id").asText();
            sample.updatedAt = Instant.parse(task.path("updatedAt").asText());
          } else {
            sample.error = reply.body();
          }
          sample.status = reply.status();
        });
  }

  /** Waits until every request has been answered (or failed), at most a minute. */
  private static void awaitAnswers(List<Sample> samples) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    while (samples.stream().anyMatch(s -> s.status == 0) && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    samples.stream()
        .filter(s -> s.status == 0)
        .forEach(
            s -> {
              s.status = -1;
              s.error = "no answer within a minute";
            });
  }

  /**
   * Polls the emulator (in-process) every 200 ms until every created sample's event has been
   * written or {@code timeout} has passed. The write instant comes from the emulator's write log,
   * so the polling period does not enter the figures.
   */
  private static void awaitEvents(
      CalSyncSystem system, List<User> users, List<Sample> samples, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + Math.max(0, timeout.toNanos());
    Predicate<Sample> pending = s -> s.created() && s.eventWrittenAt == null;
    do {
      Map<String, Instant> written = firstEventWriteByTask(system, users);
      samples.stream().filter(pending).forEach(s -> s.eventWrittenAt = written.get(s.taskId));
      if (samples.stream().noneMatch(pending)) {
        return;
      }
      Thread.sleep(200);
    } while (System.nanoTime() < deadline);
  }

  /** Task id → when CalSync's first write of the task's event reached the emulator. */
  private static Map<String, Instant> firstEventWriteByTask(
      CalSyncSystem system, List<User> users) {
    Map<String, Instant> firstWrite = new HashMap<>();
    for (WriteLog.Write write : system.google().control().writes(null)) {
      if (write.actor().startsWith("api:")) {
        firstWrite.putIfAbsent(write.calendarId() + "/" + write.eventId(), write.at());
      }
    }
    Map<String, Instant> byTask = new HashMap<>();
    for (User user : users) {
      for (ObjectNode event : system.google().control().events(user.account())) {
        String taskId =
            event.path("extendedProperties").path("private").path("calsyncTaskId").asText(null);
        Instant at = firstWrite.get(user.account() + "/" + event.path("id").asText());
        if (taskId != null && at != null) {
          byTask.put(taskId, at);
        }
      }
    }
    return byTask;
  }

  private static String status(CalSyncSystem system, List<User> users, List<Sample> samples) {
    List<Sample> all;
    synchronized (samples) {
      all = List.copyOf(samples);
    }
    long answered = all.stream().filter(s -> s.status != 0).count();
    long errors = all.stream().filter(s -> s.status != 0 && !s.created()).count();
    Map<String, Instant> written = firstEventWriteByTask(system, users);
    long withEvent =
        all.stream().filter(s -> s.taskId != null && written.containsKey(s.taskId)).count();
    return String.format(
        "tasks sent %d, answered %d, errors %d, their events in Google %d; Google calls: events.insert %d",
        all.size(), answered, errors, withEvent, system.google().callCount("events.insert"));
  }

  private static String tasksUrl(CalSyncSystem system) {
    return system.taskServiceUrl() + "/api/v1/tasks";
  }

  /** A timed task: a distinct due date and time per index, in the future. */
  private static Map<String, Object> task(int index) {
    int n = Math.max(index, 0);
    Map<String, Object> task = new LinkedHashMap<>();
    task.put("title", "Benchmark task #" + index);
    task.put("description", "crm-to-google benchmark");
    task.put("dueDate", FIRST_DUE_DATE.plusDays(n % 700).toString());
    task.put("dueTime", LocalTime.of(8, 0).plusMinutes(15L * (n % 36)).toString());
    task.put("timeZone", "Europe/Berlin");
    return task;
  }
}
