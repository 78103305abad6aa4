package io.calsync.token.syncnow;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One accepted request per user per interval, in memory per instance: behind N instances a user
 * gets at most N per interval, which is enough to stop a button being hammered.
 */
final class SyncNowRateLimiter {

  private final Duration minInterval;
  private final Clock clock;
  private final Map<String, Instant> lastAccepted = new ConcurrentHashMap<>();

  SyncNowRateLimiter(Duration minInterval, Clock clock) {
    this.minInterval = minInterval;
    this.clock = clock;
  }

  /** Empty when accepted (and recorded); otherwise how long the user must wait. */
  Optional<Duration> tryAcquire(String userId) {
    Instant now = clock.instant();
    Duration[] wait = {null};
    lastAccepted.compute(
        userId,
        (id, last) -> {
          if (last != null && last.plus(minInterval).isAfter(now)) {
            wait[0] = Duration.between(now, last.plus(minInterval));
            return last;
          }
          return now;
        });
    if (lastAccepted.size() > 100_000) {
      lastAccepted.values().removeIf(last -> last.plus(minInterval).isBefore(now));
    }
    return Optional.ofNullable(wait[0]);
  }
}
