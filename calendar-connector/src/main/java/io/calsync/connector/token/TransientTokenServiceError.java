package io.calsync.connector.token;

import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.springframework.web.reactive.function.client.WebClientRequestException;

/**
 * The token-service failures worth retrying and counting against its circuit breaker: I/O errors,
 * timeouts and 5xx answers. A 404 (not connected) or 409 (connection lost) is an answer, not a
 * failure. Named in {@code application.yml} ({@code resilience4j.*.instances.token-service}).
 */
public class TransientTokenServiceError implements Predicate<Throwable> {

  @Override
  public boolean test(Throwable error) {
    return error instanceof WebClientRequestException
        || error instanceof TimeoutException
        || (error instanceof TokenServiceUnavailableException unavailable
            && unavailable.isTransient());
  }
}
