package io.calsync.token.oauth;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Start ({@code POST}, the signed-in CRM user) and finish ({@code GET} callback, no bearer: the
 * state names the user) of the OAuth connect flow.
 */
@RestController
class ConnectController {

  static final String CALLBACK_PATH = "/oauth2/callback/google";

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
        .map(request -> ResponseEntity.status(HttpStatus.CREATED).body(request));
  }

  @GetMapping(CALLBACK_PATH)
  Mono<ResponseEntity<Void>> callback(
      @RequestParam(required = false) String code,
      @RequestParam(required = false) String state,
      @RequestParam(required = false) String error) {
    return flow.complete(code, state, error)
        .map(target -> ResponseEntity.status(HttpStatus.FOUND).location(target).build());
  }
}
