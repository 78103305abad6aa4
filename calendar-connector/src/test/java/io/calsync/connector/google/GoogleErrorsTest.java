package io.calsync.connector.google;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.api.client.googleapis.json.GoogleJsonError;
import com.google.api.client.googleapis.json.GoogleJsonResponseException;
import com.google.api.client.http.HttpHeaders;
import com.google.api.client.http.HttpResponseException;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RequestNotPermitted;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GoogleErrorsTest {

  private final TransientGoogleError retried = new TransientGoogleError();
  private final GoogleOutage outage = new GoogleOutage();

  @ParameterizedTest
  @CsvSource({
    "403, usageLimits, rateLimitExceeded, true",
    "403, usageLimits, userRateLimitExceeded, true",
    "403, usageLimits, quotaExceeded, true",
    "429, usageLimits, rateLimitExceeded, true",
    "500, global, backendError, true",
    "503, global, backendError, true",
    "403, global, forbidden, false",
    "403, global, insufficientPermissions, false",
    "400, global, invalid, false",
    "401, global, authError, false",
    "404, global, notFound, false",
    "409, global, duplicate, false",
    "410, global, deleted, false",
    "412, global, conditionNotMet, false",
  })
  void retriesQuotaAnswersAndServerErrors_only(
      int status, String domain, String reason, boolean transientError) {
    GoogleJsonResponseException error = googleError(status, domain, reason);

    assertThat(retried.test(error)).isEqualTo(transientError);
    assertThat(GoogleErrors.status(error)).isEqualTo(status);
    assertThat(GoogleErrors.reason(error)).isEqualTo(reason);
  }

  @Test
  void retriesIoErrorsAndOwnRateLimiterRefusals() {
    assertThat(retried.test(new SocketTimeoutException("read timed out"))).isTrue();
    assertThat(retried.test(new IOException("connection reset"))).isTrue();
    assertThat(
            retried.test(
                RequestNotPermitted.createRequestNotPermitted(RateLimiter.ofDefaults("x"))))
        .isTrue();
    assertThat(retried.test(new IllegalStateException("bug"))).isFalse();
  }

  @Test
  void onlyServerAndIoErrorsCountAsAnOutage() {
    assertThat(outage.test(googleError(503, "global", "backendError"))).isTrue();
    assertThat(outage.test(new IOException("connection reset"))).isTrue();
    assertThat(outage.test(googleError(403, "usageLimits", "userRateLimitExceeded"))).isFalse();
    assertThat(outage.test(googleError(429, "usageLimits", "rateLimitExceeded"))).isFalse();
    assertThat(outage.test(googleError(412, "global", "conditionNotMet"))).isFalse();
  }

  @Test
  void readsNoReasonFromAnswerWithoutJsonDetails() {
    HttpResponseException bare =
        new HttpResponseException.Builder(502, "Bad Gateway", new HttpHeaders()).build();

    assertThat(GoogleErrors.reason(bare)).isNull();
    assertThat(retried.test(bare)).isTrue();
  }

  private static GoogleJsonResponseException googleError(int status, String domain, String reason) {
    GoogleJsonError.ErrorInfo info = new GoogleJsonError.ErrorInfo();
    info.setDomain(domain);
    info.setReason(reason);
    GoogleJsonError details = new GoogleJsonError();
    details.setCode(status);
    details.setErrors(List.of(info));
    return new GoogleJsonResponseException(
        new HttpResponseException.Builder(status, reason, new HttpHeaders()), details);
  }
}
