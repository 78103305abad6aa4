package io.calsync.platform.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Every error a controller raises as an RFC 9457 problem ({@code application/problem+json}): the
 * framework's own errors and every {@code ErrorResponse} (e.g. {@code ResponseStatusException}) by
 * {@link ResponseEntityExceptionHandler}; anything else as a bare 500 whose body says nothing about
 * the cause (it is logged with the request path, never the request's headers or body, which may
 * hold a token). A service with errors of its own extends this class with further
 * {@code @ExceptionHandler}s; the starter then does not register its own instance.
 */
// Last among advices: its catch-all must not shadow a service's more specific advice.
@Order(Ordered.LOWEST_PRECEDENCE)
@RestControllerAdvice
public class PlatformProblemHandler extends ResponseEntityExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(PlatformProblemHandler.class);

  @ExceptionHandler
  Mono<ResponseEntity<ProblemDetail>> unexpected(Exception e, ServerWebExchange exchange) {
    log.error(
        "Unexpected error answering {} {}",
        exchange.getRequest().getMethod(),
        exchange.getRequest().getPath(),
        e);
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.INTERNAL_SERVER_ERROR, "The request failed unexpectedly; it was logged.");
    problem.setTitle("Internal error");
    return Mono.just(
        ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR)
            .contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .body(problem));
  }
}
