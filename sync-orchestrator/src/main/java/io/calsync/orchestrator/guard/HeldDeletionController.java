package io.calsync.orchestrator.guard;

import io.calsync.orchestrator.guard.HeldDeletionRepository.HeldDeletionView;
import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebInputException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The caller's (JWT {@code sub}) held deletions: {@code GET /api/v1/sync/held-deletions} lists
 * them, {@code POST /api/v1/sync/held-deletions/decisions} with {@code {"decision":"APPLY"}} or
 * {@code {"decision":"KEEP"}} decides about all of them.
 */
@RestController
class HeldDeletionController {

  static final String PATH = "/api/v1/sync/held-deletions";
  static final String DECISIONS_PATH = PATH + "/decisions";

  private final HeldDeletionRepository deletions;
  private final DeletionDecisions decisions;

  HeldDeletionController(HeldDeletionRepository deletions, DeletionDecisions decisions) {
    this.deletions = deletions;
    this.decisions = decisions;
  }

  @GetMapping(PATH)
  Flux<HeldDeletionView> held(@AuthenticationPrincipal Jwt jwt) {
    return deletions.views(jwt.getSubject());
  }

  @PostMapping(DECISIONS_PATH)
  Mono<DeletionDecisions.Result> decide(
      @AuthenticationPrincipal Jwt jwt, @RequestBody DecisionRequest request) {
    DeletionDecisions.Decision decision;
    try {
      decision = DeletionDecisions.Decision.valueOf(String.valueOf(request.decision()));
    } catch (IllegalArgumentException e) {
      return Mono.error(new BadDecision());
    }
    return decisions.decide(jwt.getSubject(), decision);
  }

  /** The body of a decision. */
  record DecisionRequest(String decision) {}

  private static final class BadDecision extends RuntimeException {
    BadDecision() {
      super("decision must be APPLY or KEEP", null, false, false);
    }
  }

  @ExceptionHandler({BadDecision.class, ServerWebInputException.class})
  ProblemDetail badRequest(Exception e) {
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.BAD_REQUEST,
            "the body must be {\"decision\": \"APPLY\"} or {\"decision\": \"KEEP\"}");
    problem.setTitle("Invalid decision");
    problem.setType(URI.create("https://calsync.io/problems/invalid-held-deletion-decision"));
    return problem;
  }
}
