package io.calsync.connector.sync;

import io.micrometer.core.instrument.Gauge;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * When each user of this instance is polled: every {@code poll-interval} (± {@code jitter}), at
 * once on request (Sync Now, full resync, push notification, a new connection), never two polls of
 * one user at the same time, at most {@code max-concurrent-polls} at once. A request that arrives
 * during a poll runs another poll right after it. Users are added and removed by {@link
 * SyncUserListener} as partitions are assigned and connection events arrive.
 */
@Component
class SyncScheduler implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(SyncScheduler.class);
  private static final long TICK_MILLIS = 200;

  private static final class Schedule {
    final String userId;
    volatile String calendarId;
    volatile Instant due;
    volatile boolean running;
    volatile boolean requested;
    volatile boolean full;
    volatile Instant lastSynced;

    Schedule(String userId, String calendarId, Instant due, Instant since) {
      this.userId = userId;
      this.calendarId = calendarId;
      this.due = due;
      this.lastSynced = since;
    }
  }

  private final IncrementalSyncPoller poller;
  private final SyncProperties properties;
  private final Clock clock = Clock.systemUTC();
  private final Map<String, Schedule> users = new ConcurrentHashMap<>();
  private final AtomicInteger running = new AtomicInteger();
  private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
  private volatile ScheduledExecutorService timer;

  SyncScheduler(IncrementalSyncPoller poller, SyncProperties properties, SyncMetrics metrics) {
    this.poller = poller;
    this.properties = properties;
    Gauge.builder("calsync.sync.users", users, Map::size)
        .description("Users this instance polls")
        .register(metrics.registry());
    Gauge.builder("calsync.sync.poll.lag", this, SyncScheduler::pollLagSeconds)
        .description("Longest time since a user of this instance was last synced")
        .baseUnit("seconds")
        .register(metrics.registry());
  }

  /**
   * Starts polling {@code userId} (or updates its calendar id). {@code promptly}: first poll now (a
   * new connection); otherwise at a random point within one interval, so that the users taken over
   * in a rebalance are spread out.
   */
  void add(String userId, String calendarId, boolean promptly) {
    Instant now = clock.instant();
    Schedule existing = users.get(userId);
    if (existing != null) {
      if (calendarId != null) {
        existing.calendarId = calendarId;
      }
      if (promptly) {
        request(existing, false);
      }
      return;
    }
    long spread = ThreadLocalRandom.current().nextLong(properties.pollInterval().toMillis() + 1);
    Instant due = promptly ? now : now.plusMillis(spread);
    users.put(
        userId,
        new Schedule(
            userId, calendarId == null ? IncrementalSyncPoller.PRIMARY : calendarId, due, now));
  }

  void remove(String userId) {
    users.remove(userId);
  }

  boolean owns(String userId) {
    return users.containsKey(userId);
  }

  /** Polls the user as soon as possible; false when this instance does not poll the user. */
  boolean requestNow(String userId, boolean full) {
    Schedule schedule = users.get(userId);
    if (schedule == null) {
      return false;
    }
    request(schedule, full);
    return true;
  }

  /** Waits until none of {@code userIds} is being polled here, at most {@code timeout}. */
  void awaitIdle(Collection<String> userIds, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (userIds.stream().anyMatch(inFlight::contains) && System.nanoTime() < deadline) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void request(Schedule schedule, boolean full) {
    if (full) {
      schedule.full = true;
    }
    schedule.requested = true;
    schedule.due = clock.instant();
  }

  private void tick() {
    Instant now = clock.instant();
    for (Schedule schedule : users.values()) {
      if (running.get() >= properties.maxConcurrentPolls()) {
        return;
      }
      if (!schedule.running && !schedule.due.isAfter(now)) {
        start(schedule);
      }
    }
  }

  private void start(Schedule schedule) {
    schedule.running = true;
    schedule.requested = false;
    boolean full = schedule.full;
    schedule.full = false;
    running.incrementAndGet();
    inFlight.add(schedule.userId);
    IncrementalSyncPoller.Target target =
        new IncrementalSyncPoller.Target(
            schedule.userId, schedule.calendarId, () -> users.get(schedule.userId) == schedule);
    poller
        .poll(target, full)
        .onErrorReturn(IncrementalSyncPoller.Outcome.FAILED)
        .defaultIfEmpty(IncrementalSyncPoller.Outcome.FAILED)
        .subscribe(
            outcome -> finish(schedule, outcome, full),
            error -> finish(schedule, IncrementalSyncPoller.Outcome.FAILED, full));
  }

  private void finish(Schedule schedule, IncrementalSyncPoller.Outcome outcome, boolean full) {
    Instant now = clock.instant();
    if (outcome == IncrementalSyncPoller.Outcome.SYNCED) {
      schedule.lastSynced = now;
    }
    if (outcome == IncrementalSyncPoller.Outcome.DEFERRED) {
      schedule.full |= full;
      schedule.due = now.plus(properties.deferDelay());
    } else if (!schedule.requested) {
      schedule.due = now.plusMillis(nextDelayMillis());
    }
    inFlight.remove(schedule.userId);
    running.decrementAndGet();
    schedule.running = false;
  }

  private long nextDelayMillis() {
    long interval = properties.pollInterval().toMillis();
    long jitter = (long) (interval * properties.jitter());
    return interval + (jitter == 0 ? 0 : ThreadLocalRandom.current().nextLong(-jitter, jitter + 1));
  }

  private double pollLagSeconds() {
    Instant now = clock.instant();
    return users.values().stream()
        .mapToDouble(s -> Duration.between(s.lastSynced, now).toMillis() / 1000.0)
        .max()
        .orElse(0);
  }

  @Override
  public void start() {
    ScheduledExecutorService executor =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "sync-scheduler");
              thread.setDaemon(true);
              return thread;
            });
    executor.scheduleWithFixedDelay(
        () -> {
          try {
            tick();
          } catch (RuntimeException e) {
            log.error("Sync scheduler tick failed", e);
          }
        },
        TICK_MILLIS,
        TICK_MILLIS,
        TimeUnit.MILLISECONDS);
    timer = executor;
  }

  @Override
  public void stop() {
    ScheduledExecutorService executor = timer;
    timer = null;
    if (executor != null) {
      executor.shutdownNow();
    }
    users.clear();
  }

  @Override
  public boolean isRunning() {
    return timer != null;
  }
}
