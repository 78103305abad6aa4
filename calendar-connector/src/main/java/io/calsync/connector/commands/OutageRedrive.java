package io.calsync.connector.commands;

import io.calsync.connector.sync.UserOwnership;
import io.calsync.platform.messaging.ListenerBridge;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Tries the commands parked by an outage again, every {@code
 * calsync.commands.outage-retry-interval} (± jitter): for each user whose oldest parked command
 * waits for the end of an outage, and whom this instance owns ({@link UserOwnership}, the sync
 * consumer group's partition ownership, so two instances do not re-drive one user), the oldest
 * command is executed; on success the user's next parked commands follow in order, as after a
 * reconnect; a command that fails transiently again stays parked for the next round, one that meets
 * a lost connection leaves the queue to the reconnect. Users are handled one after the other:
 * during an outage a round is mostly waiting for Google's retries, and sequential rounds keep one
 * user's commands from running twice at once here.
 *
 * <p>Each round also refreshes the gauge {@code calsync_commands_parked{reason}}.
 */
@Component
class OutageRedrive implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(OutageRedrive.class);

  private final CommandHandler handler;
  private final ParkedCommands parked;
  private final UserOwnership ownership;
  private final CommandProperties properties;
  private final ListenerBridge bridge;
  private final Map<ParkReason, AtomicLong> parkedCounts = new EnumMap<>(ParkReason.class);
  private volatile ScheduledExecutorService timer;

  OutageRedrive(
      CommandHandler handler,
      ParkedCommands parked,
      UserOwnership ownership,
      CommandProperties properties,
      ListenerBridge bridge,
      MeterRegistry registry) {
    this.handler = handler;
    this.parked = parked;
    this.ownership = ownership;
    this.properties = properties;
    this.bridge = bridge;
    for (ParkReason reason : ParkReason.values()) {
      AtomicLong count = new AtomicLong();
      parkedCounts.put(reason, count);
      Gauge.builder("calsync.commands.parked", count, AtomicLong::get)
          .description("Commands waiting in parked_command (all instances), by reason")
          .tag("reason", reason.tag())
          .register(registry);
    }
  }

  private void redriveOwnedUsers() {
    List<String> users = bridge.await(parked.usersWaitingForOutage().collectList());
    for (String userId : users == null ? List.<String>of() : users) {
      if (timer == null) {
        return;
      }
      if (ownership.owns(userId)) {
        redrive(userId);
      }
    }
    refreshCounts();
  }

  private void redrive(String userId) {
    int applied = 0;
    while (ownership.owns(userId)
        && Boolean.TRUE.equals(bridge.await(handler.applyNextParked(userId, true)))) {
      applied++;
    }
    if (applied > 0) {
      log.info("Outage over for user {}: applied {} parked commands", userId, applied);
    }
  }

  private void refreshCounts() {
    Map<ParkReason, Long> counts = bridge.await(parked.countByReason());
    parkedCounts.forEach(
        (reason, count) -> count.set(counts == null ? 0 : counts.getOrDefault(reason, 0L)));
  }

  private void round() {
    try {
      redriveOwnedUsers();
    } catch (RuntimeException e) {
      log.warn("Outage re-drive round failed; trying again next round", e);
    } finally {
      scheduleNext();
    }
  }

  private void scheduleNext() {
    ScheduledExecutorService executor = timer;
    if (executor == null) {
      return;
    }
    long interval = properties.outageRetryInterval().toMillis();
    long jitter = (long) (interval * properties.outageRetryJitter());
    long delay =
        interval + (jitter == 0 ? 0 : ThreadLocalRandom.current().nextLong(-jitter, jitter + 1));
    try {
      executor.schedule(this::round, delay, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      log.debug("Stopped while a re-drive round ran");
    }
  }

  @Override
  public void start() {
    timer =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "outage-redrive");
              thread.setDaemon(true);
              return thread;
            });
    scheduleNext();
  }

  @Override
  public void stop() {
    ScheduledExecutorService executor = timer;
    timer = null;
    if (executor != null) {
      executor.shutdownNow();
    }
  }

  @Override
  public boolean isRunning() {
    return timer != null;
  }
}
