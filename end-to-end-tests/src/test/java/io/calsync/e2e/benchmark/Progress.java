package io.calsync.e2e.benchmark;

import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** Prints a benchmark's progress every few seconds, and its result lines, on the console. */
final class Progress implements AutoCloseable {

  private final String name;
  private final long started = System.nanoTime();
  private final ScheduledExecutorService ticker;

  private Progress(String name, Duration every, Supplier<String> status) {
    this.name = name;
    this.ticker =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, name + "-progress");
              thread.setDaemon(true);
              return thread;
            });
    ticker.scheduleAtFixedRate(
        () -> print(status.get()), every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Starts printing {@code status} every {@code every}. */
  static Progress every(Duration every, String name, Supplier<String> status) {
    return new Progress(name, every, status);
  }

  void print(String line) {
    long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
    System.out.printf(
        "%s [%s +%ds] %s%n", LocalTime.now().truncatedTo(ChronoUnit.SECONDS), name, seconds, line);
    System.out.flush();
  }

  @Override
  public void close() {
    ticker.shutdownNow();
  }
}
