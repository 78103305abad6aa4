package io.calsync.task.api;

import com.fasterxml.jackson.databind.JsonMappingException;
import io.calsync.platform.web.PlatformProblemHandler;
import io.calsync.task.api.InvalidRequestException.InvalidField;
import io.calsync.task.tasks.TaskNotFoundException;
import io.calsync.task.tasks.VersionMismatchException;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import reactor.core.publisher.Mono;

/**
 * Every error of the API as an RFC 7807 problem ({@code application/problem+json}). Invalid input
 * lists the offending fields as {@code invalidFields: [{field, message}]}; the framework's own
 * errors (unreadable JSON, a query parameter of the wrong type, an unsupported method) come from
 * service-starter's {@link PlatformProblemHandler} in the same shape, and so does an unexpected
 * failure (a bare 500). Being a {@code ResponseEntityExceptionHandler}, it replaces Spring Boot's
 * own problem-details handler and the starter's.
 */
@RestControllerAdvice
class ProblemHandler extends PlatformProblemHandler {

  static final String INVALID_FIELDS = "invalidFields";

  @ExceptionHandler
  ResponseEntity<ProblemDetail> invalidRequest(InvalidRequestException e) {
    return ResponseEntity.badRequest().body(invalid(e.fields()));
  }

  @ExceptionHandler
  ResponseEntity<ProblemDetail> notFound(TaskNotFoundException e) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
    problem.setTitle("Task not found");
    return ResponseEntity.status(HttpStatus.NOT_FOUND).body(problem);
  }

  @ExceptionHandler
  ResponseEntity<ProblemDetail> stale(VersionMismatchException e) {
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(HttpStatus.PRECONDITION_FAILED, e.getMessage());
    problem.setTitle("Task changed meanwhile");
    problem.setProperty("currentVersion", e.currentVersion());
    return ResponseEntity.status(HttpStatus.PRECONDITION_FAILED)
        .eTag(ETags.of(e.currentVersion()))
        .body(problem);
  }

  @ExceptionHandler
  ResponseEntity<ProblemDetail> preconditionRequired(PreconditionRequiredException e) {
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(HttpStatus.PRECONDITION_REQUIRED, e.getMessage());
    problem.setTitle("If-Match required");
    return ResponseEntity.status(HttpStatus.PRECONDITION_REQUIRED).body(problem);
  }

  /** Adds the offending field to the framework's answer for unreadable bodies and parameters. */
  @Override
  protected Mono<ResponseEntity<Object>> handleServerWebInputException(
      ServerWebInputException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      ServerWebExchange exchange) {
    ProblemDetail problem = ex.getBody();
    List<InvalidField> fields = invalidFields(ex);
    if (!fields.isEmpty()) {
      problem.setProperty(INVALID_FIELDS, fields);
    }
    return handleExceptionInternal(ex, problem, headers, status, exchange);
  }

  private static ProblemDetail invalid(List<InvalidField> fields) {
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.BAD_REQUEST,
            fields.stream().map(InvalidField::field).collect(Collectors.joining(", "))
                + (fields.size() == 1 ? " is" : " are")
                + " invalid");
    problem.setTitle("Invalid request");
    problem.setProperty(INVALID_FIELDS, fields);
    return problem;
  }

  private static List<InvalidField> invalidFields(ServerWebInputException ex) {
    for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
      if (cause instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
        String field =
            mapping.getPath().stream()
                .map(
                    reference ->
                        reference.getFieldName() != null
                            ? reference.getFieldName()
                            : "[" + reference.getIndex() + "]")
                .collect(Collectors.joining("."));
        return List.of(new InvalidField(field, "has an invalid value"));
      }
    }
    MethodParameter parameter = ex.getMethodParameter();
    if (parameter != null && parameter.getParameterName() != null) {
      return List.of(new InvalidField(parameter.getParameterName(), "has an invalid value"));
    }
    return List.of();
  }
}
