package io.calsync.emulator.faults;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SlidingWindowTest {

  @Test
  void allowsTheLimitWithinAnyWindow_thenFreesPermitsAsTheyAgeOut() {
    SlidingWindow window = new SlidingWindow(60_000);

    for (int i = 0; i < 600; i++) {
      assertThat(window.tryAcquire(1_000 + i * 10L, 600)).isTrue();
    }
    assertThat(window.tryAcquire(30_000, 600)).isFalse();
    // The first permit (t=1000) ages out at t=61000; the second at t=61010.
    assertThat(window.tryAcquire(61_000, 600)).isTrue();
    assertThat(window.tryAcquire(61_000, 600)).isFalse();
    assertThat(window.tryAcquire(61_010, 600)).isTrue();
  }

  @Test
  void rejectedAttemptsTakeNoPermit() {
    SlidingWindow window = new SlidingWindow(1_000);
    assertThat(window.tryAcquire(0, 1)).isTrue();
    for (int t = 1; t < 1_000; t += 100) {
      assertThat(window.tryAcquire(t, 1)).isFalse();
    }
    assertThat(window.tryAcquire(1_000, 1)).isTrue();
    assertThat(window.inWindow(1_000)).isEqualTo(1);
  }
}
