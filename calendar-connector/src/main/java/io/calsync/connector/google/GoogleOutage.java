package io.calsync.connector.google;

import com.google.api.client.http.HttpResponseException;
import java.io.IOException;
import java.util.function.Predicate;

/**
 * The Google failures that count against the {@code google-calendar} circuit breaker: 5xx answers
 * and I/O errors. Quota answers do not: one user exhausting their quota must not stop everyone's
 * writes; the rate limiters and the retry's back-off deal with them.
 */
public class GoogleOutage implements Predicate<Throwable> {

  @Override
  public boolean test(Throwable error) {
    if (error instanceof HttpResponseException response) {
      return response.getStatusCode() >= 500;
    }
    return error instanceof IOException;
  }
}
