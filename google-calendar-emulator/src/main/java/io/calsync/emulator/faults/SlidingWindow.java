package io.calsync.emulator.faults;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * An exact sliding-window rate limiter: at most {@code limit} permits within any window of {@code
 * windowMillis}. Rejected attempts take no permit, so a client that backs off recovers.
 */
final class SlidingWindow {

  private final long windowMillis;
  private final Deque<Long> granted = new ArrayDeque<>();

  SlidingWindow(long windowMillis) {
    this.windowMillis = windowMillis;
  }

  synchronized boolean tryAcquire(long nowMillis, int limit) {
    while (!granted.isEmpty() && granted.peekFirst() <= nowMillis - windowMillis) {
      granted.pollFirst();
    }
    if (granted.size() >= limit) {
      return false;
    }
    granted.addLast(nowMillis);
    return true;
  }

  synchronized int inWindow(long nowMillis) {
    return (int) granted.stream().filter(t -> t > nowMillis - windowMillis).count();
  }
}
