package io.calsync.connector.google;

import com.google.api.client.googleapis.json.GoogleJsonError;
import com.google.api.client.googleapis.json.GoogleJsonResponseException;
import com.google.api.client.http.HttpResponseException;
import io.github.resilience4j.ratelimiter.RequestNotPermitted;
import java.io.IOException;
import java.util.Set;

/** Reads Google's error answers: HTTP status and the {@code reason} of the first error item. */
public final class GoogleErrors {

  /** {@code usageLimits} reasons that a later retry may overcome. */
  static final Set<String> RATE_LIMIT_REASONS =
      Set.of("rateLimitExceeded", "userRateLimitExceeded", "quotaExceeded");

  private GoogleErrors() {}

  /** The HTTP status of a Google error answer, or 0 when {@code error} is not one. */
  public static int status(Throwable error) {
    return error instanceof HttpResponseException response ? response.getStatusCode() : 0;
  }

  /** Google's error reason ({@code duplicate}, {@code conditionNotMet}, ...), or null. */
  public static String reason(Throwable error) {
    if (error instanceof GoogleJsonResponseException json) {
      GoogleJsonError details = json.getDetails();
      if (details != null && details.getErrors() != null && !details.getErrors().isEmpty()) {
        return details.getErrors().get(0).getReason();
      }
    }
    return null;
  }

  /**
   * Whether Google may accept the same call later: {@code 403/429} with a usage-limit reason (or a
   * bare 429), 5xx, I/O errors without an answer, and our own rate limiter's refusal. Other 4xx are
   * final.
   */
  public static boolean isTransient(Throwable error) {
    if (error instanceof RequestNotPermitted) {
      return true;
    }
    if (error instanceof HttpResponseException) {
      int status = status(error);
      if (status >= 500) {
        return true;
      }
      String reason = reason(error);
      if (status == 429) {
        return true;
      }
      return status == 403 && reason != null && RATE_LIMIT_REASONS.contains(reason);
    }
    return error instanceof IOException;
  }
}
