package io.calsync.emulator.wire;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.core.codec.DecodingException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;

/**
 * Turns every failure into Google's error JSON, including Spring's own (unknown path, unparsable
 * body), because the Google client libraries cannot interpret any other error body.
 */
@Component
@Order(-2)
class GoogleErrorWebExceptionHandler implements WebExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(GoogleErrorWebExceptionHandler.class);

  @Override
  public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
    if (ex instanceof GoogleApiException google) {
      return ErrorResponses.write(exchange, google);
    }
    if (ex instanceof OAuthException oauth) {
      return ErrorResponses.write(exchange, oauth);
    }
    if (ex instanceof ServerWebInputException input && hasDecodingCause(input)) {
      return ErrorResponses.write(
          exchange, new GoogleApiException(HttpStatus.BAD_REQUEST, "parseError", "Parse Error"));
    }
    if (ex instanceof ResponseStatusException status) {
      HttpStatus code = HttpStatus.valueOf(status.getStatusCode().value());
      String reason =
          switch (code) {
            case NOT_FOUND -> "notFound";
            case METHOD_NOT_ALLOWED -> "httpMethodNotAllowed";
            case UNSUPPORTED_MEDIA_TYPE -> "unsupportedMediaType";
            default -> code.is4xxClientError() ? "badRequest" : "backendError";
          };
      String message =
          code == HttpStatus.NOT_FOUND
              ? "Not Found"
              : status.getReason() == null ? code.getReasonPhrase() : status.getReason();
      return ErrorResponses.write(exchange, new GoogleApiException(code, reason, message));
    }
    log.error("Unexpected failure on {}", exchange.getRequest().getPath(), ex);
    return ErrorResponses.write(
        exchange, GoogleApiException.backendError(HttpStatus.INTERNAL_SERVER_ERROR));
  }

  private static boolean hasDecodingCause(Throwable ex) {
    for (Throwable t = ex; t != null; t = t.getCause()) {
      if (t instanceof DecodingException) {
        return true;
      }
    }
    return false;
  }
}
