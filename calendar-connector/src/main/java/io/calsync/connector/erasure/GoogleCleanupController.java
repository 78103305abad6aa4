package io.calsync.connector.erasure;

import io.calsync.connector.token.ConnectionLostException;
import io.calsync.connector.token.NotConnectedException;
import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code POST /internal/v1/users/{userId}/google-cleanups}: token-service, erasing a user, asks the
 * connector to clean up in Google while the grant still works. Needs a JWT with the {@code SERVICE}
 * role (see {@code SecurityConfig}).
 */
@RestController
class GoogleCleanupController {

  static final String PATH = "/internal/v1/users/{userId}/google-cleanups";
  static final String PROBLEM_BASE = "https://calsync.io/problems/";

  /**
   * @param deleteCreatedEvents also delete the events CalSync created (absent = false)
   */
  record CleanupRequest(Boolean deleteCreatedEvents) {}

  private final CreatedEventCleanup cleanup;

  GoogleCleanupController(CreatedEventCleanup cleanup) {
    this.cleanup = cleanup;
  }

  @PostMapping(PATH)
  Mono<CreatedEventCleanup.Outcome> cleanUp(
      @PathVariable String userId, @RequestBody(required = false) CleanupRequest request) {
    boolean delete = request != null && Boolean.TRUE.equals(request.deleteCreatedEvents());
    return cleanup
        .cleanUp(userId, delete)
        .onErrorMap(
            NotConnectedException.class,
            e ->
                problem(
                    HttpStatus.NOT_FOUND, "no-connection", "The user has no Google connection."))
        .onErrorMap(
            ConnectionLostException.class,
            e ->
                problem(
                    HttpStatus.CONFLICT,
                    "connection-lost",
                    "Google no longer honours the user's grant; nothing was deleted."))
        .onErrorMap(
            error -> !(error instanceof ErrorResponseException),
            error ->
                problem(
                    HttpStatus.SERVICE_UNAVAILABLE,
                    "google-unavailable",
                    "Google or token-service could not be reached; try again shortly."));
  }

  private static ErrorResponseException problem(HttpStatus status, String type, String detail) {
    ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
    body.setType(URI.create(PROBLEM_BASE + type));
    return new ErrorResponseException(status, body, null);
  }
}
