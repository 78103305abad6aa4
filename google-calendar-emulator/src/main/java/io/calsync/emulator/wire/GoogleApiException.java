package io.calsync.emulator.wire;

import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * An error the Calendar API answers in Google's JSON shape: {@code
 * {"error":{"errors":[{"domain","reason","message"}],"code","message"}}}.
 */
public class GoogleApiException extends RuntimeException {

  private final HttpStatus status;
  private final String domain;
  private final String reason;
  private final String location;
  private final String locationType;
  private final Map<String, String> headers;

  public GoogleApiException(
      HttpStatus status,
      String domain,
      String reason,
      String message,
      String locationType,
      String location,
      Map<String, String> headers) {
    super(message, null, false, false);
    this.status = status;
    this.domain = domain;
    this.reason = reason;
    this.locationType = locationType;
    this.location = location;
    this.headers = Map.copyOf(headers);
  }

  public GoogleApiException(HttpStatus status, String reason, String message) {
    this(status, "global", reason, message, null, null, Map.of());
  }

  public static GoogleApiException notFound() {
    return new GoogleApiException(HttpStatus.NOT_FOUND, "notFound", "Not Found");
  }

  public static GoogleApiException invalid(String message) {
    return new GoogleApiException(HttpStatus.BAD_REQUEST, "invalid", message);
  }

  public static GoogleApiException invalidParameter(String parameter, String message) {
    return new GoogleApiException(
        HttpStatus.BAD_REQUEST, "global", "invalid", message, "parameter", parameter, Map.of());
  }

  public static GoogleApiException required(String message) {
    return new GoogleApiException(HttpStatus.BAD_REQUEST, "required", message);
  }

  public static GoogleApiException duplicate() {
    return new GoogleApiException(
        HttpStatus.CONFLICT, "duplicate", "The requested identifier already exists.");
  }

  public static GoogleApiException deleted() {
    return new GoogleApiException(HttpStatus.GONE, "deleted", "Resource has been deleted");
  }

  public static GoogleApiException fullSyncRequired() {
    return new GoogleApiException(
        HttpStatus.GONE,
        "fullSyncRequired",
        "Sync token is no longer valid, a full sync is required.");
  }

  /**
   * A write to an attendee's copy that would change a shared property (Calendar API error guide,
   * "403: Forbidden for non-organizer").
   */
  public static GoogleApiException forbiddenForNonOrganizer() {
    return new GoogleApiException(
        HttpStatus.FORBIDDEN,
        "calendar",
        "forbiddenForNonOrganizer",
        "Shared properties can only be changed by the organizer of the event.",
        null,
        null,
        Map.of());
  }

  public static GoogleApiException conditionNotMet() {
    return new GoogleApiException(
        HttpStatus.PRECONDITION_FAILED,
        "global",
        "conditionNotMet",
        "Precondition Failed",
        "header",
        "If-Match",
        Map.of());
  }

  public static GoogleApiException authError(boolean tokenPresented) {
    // error="invalid_token" is what makes google-oauth-client's Credential refresh on a 401.
    String challenge =
        tokenPresented
            ? "Bearer realm=\"https://accounts.google.com/\", error=\"invalid_token\""
            : "Bearer realm=\"https://accounts.google.com/\"";
    return new GoogleApiException(
        HttpStatus.UNAUTHORIZED,
        "global",
        "authError",
        "Invalid Credentials",
        "header",
        "Authorization",
        Map.of("WWW-Authenticate", challenge));
  }

  public static GoogleApiException insufficientPermissions() {
    return new GoogleApiException(
        HttpStatus.FORBIDDEN,
        "global",
        "insufficientPermissions",
        "Request had insufficient authentication scopes.",
        null,
        null,
        Map.of(
            "WWW-Authenticate",
            "Bearer realm=\"https://accounts.google.com/\", error=\"insufficient_scope\""));
  }

  public static GoogleApiException backendError(HttpStatus status) {
    return new GoogleApiException(status, "backendError", "Backend Error");
  }

  public HttpStatus status() {
    return status;
  }

  public String domain() {
    return domain;
  }

  public String reason() {
    return reason;
  }

  public String location() {
    return location;
  }

  public String locationType() {
    return locationType;
  }

  public Map<String, String> headers() {
    return headers;
  }
}
