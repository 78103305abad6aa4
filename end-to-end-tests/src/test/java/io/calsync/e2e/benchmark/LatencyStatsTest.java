package io.calsync.e2e.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class LatencyStatsTest {

  @Test
  void percentilesAreNearestRank_overUnsortedSamples() {
    List<Duration> samples =
        new ArrayList<>(IntStream.rangeClosed(1, 100).mapToObj(Duration::ofMillis).toList());
    Collections.shuffle(samples);

    LatencyStats stats = LatencyStats.of(samples);

    assertThat(stats.count()).isEqualTo(100);
    assertThat(stats.min()).isEqualTo(Duration.ofMillis(1));
    assertThat(stats.percentile(50)).isEqualTo(Duration.ofMillis(50));
    assertThat(stats.percentile(95)).isEqualTo(Duration.ofMillis(95));
    assertThat(stats.percentile(99)).isEqualTo(Duration.ofMillis(99));
    assertThat(stats.max()).isEqualTo(Duration.ofMillis(100));
    assertThat(stats.mean()).isEqualTo(Duration.ofMillis(50).plusNanos(500_000));
  }

  @Test
  void aSmallSeries_reportsObservedValues_only() {
    LatencyStats stats =
        LatencyStats.of(
            List.of(Duration.ofMillis(10), Duration.ofMillis(30), Duration.ofMillis(20)));

    assertThat(stats.percentile(50)).isEqualTo(Duration.ofMillis(20));
    assertThat(stats.percentile(99)).isEqualTo(Duration.ofMillis(30));
    assertThat(stats.row("x")).contains(" 3 ").contains("20.0").contains("30.0");
  }

  @Test
  void anEmptySeries_isAllZero_andBadPercentilesAreRejected() {
    LatencyStats stats = LatencyStats.of(List.of());

    assertThat(stats.count()).isZero();
    assertThat(stats.percentile(99)).isZero();
    assertThat(stats.max()).isZero();
    assertThatThrownBy(() -> stats.percentile(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> stats.percentile(101)).isInstanceOf(IllegalArgumentException.class);
  }
}
