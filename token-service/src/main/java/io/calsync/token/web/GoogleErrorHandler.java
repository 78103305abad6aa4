package io.calsync.token.web;

import io.calsync.token.google.GoogleRejectedException;
import io.calsync.token.google.GoogleUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Google failures that no handler turned into a more specific problem. First among advices, so the
 * starter's catch-all (a bare 500) never answers for them.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
@RestControllerAdvice
class GoogleErrorHandler {

  private static final Logger log = LoggerFactory.getLogger(GoogleErrorHandler.class);

  @ExceptionHandler
  ErrorResponseException unavailable(GoogleUnavailableException e) {
    log.warn("{}", e.getMessage());
    return Problems.googleUnavailable();
  }

  @ExceptionHandler
  ErrorResponseException rejected(GoogleRejectedException e) {
    log.warn("{}", e.getMessage());
    return Problems.googleRejected("Google refused the request (" + e.error() + ").");
  }
}
