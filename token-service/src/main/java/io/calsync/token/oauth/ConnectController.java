package io.calsync.token.oauth;

import java.time.Duration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseCookie;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.CookieValue;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Start ({@code POST}, the signed-in CRM user) and finish ({@code GET} callback, no bearer: the
 * state names the user, the binding cookie the browser) of the OAuth connect flow.
 */
@RestController
class ConnectController {

  static final String CALLBACK_PATH = "/oauth2/callback/google";

  /** Binds a connect attempt to the browser that started it; sent only to the callback. */
  static final String BINDING_COOKIE = "calsync_oauth_binding";

  private final ConnectFlow flow;

  ConnectController(ConnectFlow flow) {
    this.flow = flow;
  }

  /** Optional body of the start request: where the browser returns (must be allow-listed). */
  record StartRequest(String returnUrl) {}

  @PostMapping("/api/v1/connections/google/authorization-requests")
  Mono<ResponseEntity<ConnectFlow.AuthorizationRequest>> start(
      @AuthenticationPrincipal Jwt user, @RequestBody(required = false) StartRequest body) {
    return flow.start(user.getSubject(), body == null ? null : body.returnUrl())
        .map(
            started ->
                ResponseEntity.status(HttpStatus.CREATED)
                    .header(
                        HttpHeaders.SET_COOKIE,
                        bindingCookie(started.browserBinding(), flow.stateTtl()).toString())
                    .body(started.request()));
  }

  @GetMapping(CALLBACK_PATH)
  Mono<ResponseEntity<Void>> callback(
      @RequestParam(required = false) String code,
      @RequestParam(required = false) String state,
      @RequestParam(required = false) String error,
      @CookieValue(name = BINDING_COOKIE, required = false) String browserBinding) {
    return flow.complete(code, state, error, browserBinding)
        .map(
            target ->
                ResponseEntity.status(HttpStatus.FOUND)
                    .location(target)
                    .header(HttpHeaders.SET_COOKIE, bindingCookie("", Duration.ZERO).toString())
                    .build());
  }

  private ResponseCookie bindingCookie(String value, Duration maxAge) {
    // Lax: sent on the top-level redirect back from Google, not on cross-site subrequests.
    return ResponseCookie.from(BINDING_COOKIE, value)
        .httpOnly(true)
        .secure(flow.secureCookies())
        .sameSite("Lax")
        .path(CALLBACK_PATH)
        .maxAge(maxAge)
        .build();
  }
}
