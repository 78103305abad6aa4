package io.calsync.e2e.benchmark;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * An open-loop load: operation {@code i} starts at {@code i / rate} seconds whether or not earlier
 * ones have finished, as independent users would act. A closed loop (next request after the
 * previous answer) would slow down with the system and hide its queueing delay.
 */
final class OpenLoop {

  private OpenLoop() {}

  /**
   * Runs {@code operation} with 0, 1, 2, ... at {@code perSecond} for {@code duration}; returns
   * after the last one. Operations run on one scheduler thread and must only start work (an
   * asynchronous request, an in-process call), never wait for it.
   */
  static int run(double perSecond, Duration duration, IntConsumer operation)
      throws InterruptedException {
    int total = (int) Math.round(perSecond * duration.toNanos() / 1e9);
    long periodNanos = Math.round(1e9 / perSecond);
    AtomicInteger next = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(total);
    ScheduledExecutorService scheduler =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "open-loop");
              thread.setDaemon(true);
              return thread;
            });
    try {
      scheduler.scheduleAtFixedRate(
          () -> {
            int i = next.getAndIncrement();
            if (i < total) {
              try {
                operation.accept(i);
              } catch (RuntimeException e) {
                // A throwing task would cancel the schedule; the operation records its failures.
                e.printStackTrace();
              } finally {
                done.countDown();
              }
            }
          },
          0,
          periodNanos,
          TimeUnit.NANOSECONDS);
      done.await();
    } finally {
      scheduler.shutdownNow();
    }
    return total;
  }
}
