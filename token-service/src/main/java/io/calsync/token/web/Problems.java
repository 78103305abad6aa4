package io.calsync.token.web;

import java.net.URI;
import java.time.Duration;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * The problem types of this service's API (RFC 9457, {@code application/problem+json}). Details are
 * written for the user and never contain a token, code or secret.
 */
public final class Problems {

  public static final String TYPE_BASE = "https://calsync.io/problems/";

  private Problems() {}

  /** The user has no usable Google connection (never connected, or disconnected). */
  public static ErrorResponseException noConnection(String userId) {
    return problem(
        HttpStatus.NOT_FOUND,
        "no-connection",
        "No Google connection",
        "User " + userId + " has not connected a Google account.");
  }

  /** Google no longer honours the stored grant; the user must reconnect. */
  public static ErrorResponseException connectionLost(String reason) {
    return problem(HttpStatus.CONFLICT, "connection-lost", "Google connection lost", reason);
  }

  /** The OAuth {@code state} of a callback is forged, replayed or expired. */
  public static ErrorResponseException invalidOAuthState(String why) {
    return problem(
        HttpStatus.BAD_REQUEST,
        "invalid-oauth-state",
        "Invalid OAuth state",
        "The connect attempt cannot be completed: "
            + why
            + ". Start again from the settings page.");
  }

  /** Google refused a call about this user's grant. */
  public static ErrorResponseException googleRejected(String detail) {
    return problem(HttpStatus.BAD_GATEWAY, "google-rejected", "Google refused the request", detail);
  }

  public static ErrorResponseException googleUnavailable() {
    ErrorResponseException problem =
        problem(
            HttpStatus.SERVICE_UNAVAILABLE,
            "google-unavailable",
            "Google is unavailable",
            "Google's OAuth service did not answer; try again shortly.");
    problem.getHeaders().set("Retry-After", "30");
    return problem;
  }

  public static ErrorResponseException invalidRequest(String detail) {
    return problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", detail);
  }

  public static ErrorResponseException tooManyRequests(String detail, Duration retryAfter) {
    ErrorResponseException problem =
        problem(HttpStatus.TOO_MANY_REQUESTS, "rate-limited", "Too many requests", detail);
    long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    problem.getHeaders().set("Retry-After", Long.toString(seconds));
    problem.getBody().setProperty("retryAfterSeconds", seconds);
    return problem;
  }

  /** The events CalSync created cannot be deleted: the grant no longer works. */
  public static ErrorResponseException cannotDeleteEvents(String detail) {
    return problem(HttpStatus.CONFLICT, "cannot-delete-events", "Events cannot be deleted", detail);
  }

  /** calendar-connector did not answer a call the request depends on. */
  public static ErrorResponseException connectorUnavailable() {
    ErrorResponseException problem =
        problem(
            HttpStatus.SERVICE_UNAVAILABLE,
            "connector-unavailable",
            "Calendar connector unavailable",
            "The events CalSync created could not be deleted right now; nothing was erased."
                + " Try again shortly.");
    problem.getHeaders().set("Retry-After", "30");
    return problem;
  }

  private static ErrorResponseException problem(
      HttpStatus status, String type, String title, String detail) {
    ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
    body.setType(URI.create(TYPE_BASE + type));
    body.setTitle(title);
    return new ErrorResponseException(status, body, null);
  }
}
