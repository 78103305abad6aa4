package io.calsync.connector.google;

import java.util.function.Predicate;

/**
 * The Google failures that are retried and count against the circuit breaker (see {@link
 * GoogleErrors#isTransient}). Named in {@code application.yml} ({@code
 * resilience4j.*.instances.google-calendar}); a 404, 409 or 412 is an answer, not an outage.
 */
public class TransientGoogleError implements Predicate<Throwable> {

  @Override
  public boolean test(Throwable error) {
    return GoogleErrors.isTransient(error);
  }
}
