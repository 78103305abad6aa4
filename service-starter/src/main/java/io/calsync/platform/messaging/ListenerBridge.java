package io.calsync.platform.messaging;

import java.time.Duration;
import java.util.concurrent.TimeoutException;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

/**
 * The one way from a Kafka listener thread to reactive code. A listener hands each record's work
 * ({@code Mono}) to {@link #await} and returns only when it is done, so the records of a partition
 * (a user's records) take effect one after the other, in order; the wait is bounded by {@code
 * calsync.kafka.listener.timeout}. A failure or a timeout is thrown to the container, whose error
 * handler retries the record or dead-letters it.
 *
 * <p>Blocking is right here and only here: the listener thread belongs to the container, not to a
 * Reactor scheduler, and returning before the work ends would commit an offset whose effect is not
 * in the database yet.
 */
public final class ListenerBridge {

  private final Duration timeout;

  public ListenerBridge(Duration timeout) {
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("calsync.kafka.listener.timeout must be positive");
    }
    this.timeout = timeout;
  }

  /** The bound of every wait. */
  public Duration timeout() {
    return timeout;
  }

  /** Runs {@code work} and waits for its value ({@code null} when it completes empty). */
  public <T> T await(Mono<T> work) {
    return await(work, Context.empty());
  }

  /**
   * Runs {@code work} with {@code context} (e.g. the user the record is about, for code that reads
   * it from the Reactor context) and waits for its value.
   *
   * @throws ListenerTimeoutException when the work takes longer than the configured timeout
   */
  public <T> T await(Mono<T> work, ContextView context) {
    return work.timeout(
            timeout,
            Mono.error(
                () ->
                    new ListenerTimeoutException(
                        "a record's work took longer than calsync.kafka.listener.timeout ("
                            + timeout
                            + ")")))
        .contextWrite(context)
        .block();
  }

  /** A record's work outlived its bound; transient, so the error handler retries the record. */
  public static final class ListenerTimeoutException extends RuntimeException {
    ListenerTimeoutException(String message) {
      super(message, new TimeoutException(message));
    }
  }
}
