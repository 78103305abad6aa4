package io.calsync.e2e.benchmark;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * The load of a run, each value overridable by a system property ({@code -D} on the Maven command
 * line reaches the benchmark JVM).
 *
 * @param users {@code calsync.benchmark.users}: connected users the load is spread over
 * @param rate {@code calsync.benchmark.rate}: operations per second, open loop (sent on schedule
 *     whatever the answers take)
 * @param duration {@code calsync.benchmark.duration}: the measured phase (ISO-8601)
 * @param warmUp {@code calsync.benchmark.warm-up}: load at the same rate before it, not measured
 * @param drain {@code calsync.benchmark.drain}: how long after the last operation a change may
 *     still arrive before it counts as lost
 */
record BenchmarkSettings(
    int users, double rate, Duration duration, Duration warmUp, Duration drain) {

  static BenchmarkSettings fromSystemProperties(BenchmarkSettings defaults) {
    return new BenchmarkSettings(
        Integer.parseInt(property("users", Integer.toString(defaults.users))),
        Double.parseDouble(property("rate", Double.toString(defaults.rate))),
        Duration.parse(property("duration", defaults.duration.toString())),
        Duration.parse(property("warm-up", defaults.warmUp.toString())),
        Duration.parse(property("drain", defaults.drain.toString())));
  }

  /** Where runs leave their reports: {@code calsync.benchmark.results-directory}. */
  static Path resultsDirectory() {
    return Path.of(property("results-directory", "target/benchmark"));
  }

  /** Identifies one Maven build, so that a run compares itself only with runs of that build. */
  static Optional<String> runId() {
    return Optional.ofNullable(System.getProperty("calsync.benchmark.run-id"))
        .filter(id -> !id.isBlank() && !id.startsWith("${"));
  }

  String describe() {
    return String.format(
        Locale.ROOT,
        "users %d, target rate %.1f/s for %ds after a %ds warm-up, drain up to %ds",
        users,
        rate,
        duration.toSeconds(),
        warmUp.toSeconds(),
        drain.toSeconds());
  }

  private static String property(String name, String fallback) {
    return System.getProperty("calsync.benchmark." + name, fallback);
  }
}
