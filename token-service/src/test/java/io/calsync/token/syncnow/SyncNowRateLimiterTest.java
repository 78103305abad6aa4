package io.calsync.token.syncnow;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SyncNowRateLimiterTest {

  private final AtomicReference<Instant> now =
      new AtomicReference<>(Instant.parse("2026-01-01T10:00:00Z"));
  private final Clock clock =
      new Clock() {
        @Override
        public ZoneOffset getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return now.get();
        }
      };
  private final SyncNowRateLimiter limiter = new SyncNowRateLimiter(Duration.ofSeconds(30), clock);

  @Test
  void acceptsOnePerIntervalPerUser_andSaysHowLongToWait() {
    assertThat(limiter.tryAcquire("alice")).isEmpty();
    now.set(now.get().plusSeconds(10));

    assertThat(limiter.tryAcquire("alice")).contains(Duration.ofSeconds(20));
    assertThat(limiter.tryAcquire("bob")).isEmpty();

    now.set(now.get().plusSeconds(20));
    assertThat(limiter.tryAcquire("alice")).isEmpty();
  }

  @Test
  void aRefusedRequestDoesNotExtendTheWait() {
    limiter.tryAcquire("alice");
    now.set(now.get().plusSeconds(29));
    limiter.tryAcquire("alice");
    now.set(now.get().plusSeconds(1));

    assertThat(limiter.tryAcquire("alice")).isEmpty();
  }
}
