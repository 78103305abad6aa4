package io.calsync.e2e.benchmark;

import java.time.Duration;
import java.util.Collection;
import java.util.Locale;

/**
 * Figures of one latency series: count, min, nearest-rank percentiles, max and mean. Nearest rank
 * (the smallest sample with at least p % of the samples at or below it) always names a latency that
 * was observed, which keeps small series honest: with 100 samples p99 is the second largest.
 */
final class LatencyStats {

  /** Column headings matching {@link #row}. */
  static final String HEADER =
      String.format(
          Locale.ROOT,
          "  %-34s %6s %9s %9s %9s %9s %9s %9s",
          "latency (ms)",
          "count",
          "min",
          "p50",
          "p95",
          "p99",
          "max",
          "mean");

  private final long[] sortedMicros;

  private LatencyStats(long[] sortedMicros) {
    this.sortedMicros = sortedMicros;
  }

  static LatencyStats of(Collection<Duration> samples) {
    long[] micros = samples.stream().mapToLong(d -> d.toNanos() / 1_000).sorted().toArray();
    return new LatencyStats(micros);
  }

  int count() {
    return sortedMicros.length;
  }

  /** The nearest-rank {@code percent} percentile; zero for an empty series. */
  Duration percentile(double percent) {
    if (percent <= 0 || percent > 100) {
      throw new IllegalArgumentException("percentile out of (0, 100]: " + percent);
    }
    if (sortedMicros.length == 0) {
      return Duration.ZERO;
    }
    int rank = (int) Math.ceil(percent / 100 * sortedMicros.length);
    return micros(sortedMicros[Math.max(rank, 1) - 1]);
  }

  Duration min() {
    return sortedMicros.length == 0 ? Duration.ZERO : micros(sortedMicros[0]);
  }

  Duration max() {
    return sortedMicros.length == 0 ? Duration.ZERO : micros(sortedMicros[sortedMicros.length - 1]);
  }

  Duration mean() {
    if (sortedMicros.length == 0) {
      return Duration.ZERO;
    }
    long sum = 0;
    for (long sample : sortedMicros) {
      sum += sample;
    }
    return micros(sum / sortedMicros.length);
  }

  /** One table row under {@link #HEADER}, in milliseconds. */
  String row(String name) {
    return String.format(
        Locale.ROOT,
        "  %-34s %6d %9s %9s %9s %9s %9s %9s",
        name,
        count(),
        millis(min()),
        millis(percentile(50)),
        millis(percentile(95)),
        millis(percentile(99)),
        millis(max()),
        millis(mean()));
  }

  static String millis(Duration duration) {
    return String.format(Locale.ROOT, "%.1f", duration.toNanos() / 1_000_000.0);
  }

  private static Duration micros(long micros) {
    return Duration.ofNanos(micros * 1_000);
  }
}
