package io.calsync.task.api;

import io.calsync.contracts.task.TaskStatus;
import io.calsync.task.tasks.Task;
import io.calsync.task.tasks.TaskNotFoundException;
import io.calsync.task.tasks.TaskQuery;
import io.calsync.task.tasks.TaskService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import java.net.URI;
import java.time.LocalDate;
import java.util.UUID;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;

/**
 * The caller's tasks. The JWT subject is the CRM user id and the owner of every task created here;
 * a task of another user answers 404 like one that does not exist.
 *
 * <p>Optimistic concurrency: the {@code ETag} is the version. {@code PUT} requires {@code If-Match}
 * (428 without it, 412 when stale; {@code *} knowingly overwrites). Completing, reopening and
 * deleting are idempotent state changes, so their {@code If-Match} is optional.
 */
@RestController
@RequestMapping(TaskController.BASE)
@SecurityRequirement(name = OpenApiConfig.BEARER)
class TaskController {

  static final String BASE = "/api/v1/tasks";
  static final int DEFAULT_PAGE_SIZE = 50;
  static final int MAX_PAGE_SIZE = 200;

  private final TaskService tasks;
  private final TaskRequestValidator validator;

  TaskController(TaskService tasks, TaskRequestValidator validator) {
    this.tasks = tasks;
    this.validator = validator;
  }

  @Operation(summary = "Create a task (version 1); publishes TaskCreated")
  @PostMapping
  Mono<ResponseEntity<TaskResponse>> create(
      @AuthenticationPrincipal Jwt user, @RequestBody TaskRequest request) {
    return tasks
        .create(owner(user), validator.validate(request))
        .map(
            task ->
                // A path-absolute reference (RFC 9110 allows it): right behind any proxy.
                ResponseEntity.created(URI.create(BASE + "/" + task.id()))
                    .eTag(ETags.of(task.version()))
                    .body(TaskResponse.of(task)));
  }

  @Operation(summary = "One task")
  @GetMapping("/{id}")
  Mono<ResponseEntity<TaskResponse>> get(
      @AuthenticationPrincipal Jwt user, @PathVariable String id) {
    return tasks.get(owner(user), taskId(id)).map(TaskController::ok);
  }

  @Operation(
      summary = "The caller's tasks in creation order, a page at a time",
      description =
          "Filters combine with AND. dueFrom/dueTo are inclusive and exclude tasks without due"
              + " date. Follow nextCursor (keeping the filters) until it is absent.")
  @GetMapping
  Mono<TaskListResponse> list(
      @AuthenticationPrincipal Jwt user,
      @RequestParam(required = false) TaskStatus status,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE)
          LocalDate dueFrom,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE)
          LocalDate dueTo,
      @Parameter(description = "1 to " + MAX_PAGE_SIZE + ", default " + DEFAULT_PAGE_SIZE)
          @RequestParam(required = false)
          Integer size,
      @RequestParam(required = false) String cursor) {
    int limit = size == null ? DEFAULT_PAGE_SIZE : size;
    if (limit < 1 || limit > MAX_PAGE_SIZE) {
      throw new InvalidRequestException("size", "must be between 1 and " + MAX_PAGE_SIZE);
    }
    if (dueFrom != null && dueTo != null && dueFrom.isAfter(dueTo)) {
      throw new InvalidRequestException("dueFrom", "must not be after dueTo");
    }
    TaskQuery query =
        new TaskQuery(
            status, dueFrom, dueTo, cursor == null ? null : Cursors.decode(cursor), limit);
    return tasks
        .list(owner(user), query)
        .map(
            page ->
                new TaskListResponse(
                    page.items().stream().map(TaskResponse::of).toList(),
                    page.next() == null ? null : Cursors.encode(page.next())));
  }

  @Operation(
      summary = "Replace a task's fields; publishes TaskUpdated",
      description = "If-Match is required: 428 without it, 412 when it is not the current ETag.")
  @PutMapping("/{id}")
  Mono<ResponseEntity<TaskResponse>> replace(
      @AuthenticationPrincipal Jwt user,
      @PathVariable String id,
      @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
      @RequestBody TaskRequest request) {
    UUID taskId = taskId(id);
    if (ifMatch == null) {
      throw new PreconditionRequiredException();
    }
    return tasks
        .replace(owner(user), taskId, ETags.expectedVersion(ifMatch), validator.validate(request))
        .map(TaskController::ok);
  }

  @Operation(summary = "Complete a task; publishes TaskUpdated unless it was completed already")
  @PutMapping("/{id}/completion")
  Mono<ResponseEntity<TaskResponse>> complete(
      @AuthenticationPrincipal Jwt user,
      @PathVariable String id,
      @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
    return tasks
        .changeStatus(owner(user), taskId(id), ETags.expectedVersion(ifMatch), TaskStatus.COMPLETED)
        .map(TaskController::ok);
  }

  @Operation(summary = "Reopen a task; publishes TaskUpdated unless it was open already")
  @DeleteMapping("/{id}/completion")
  Mono<ResponseEntity<TaskResponse>> reopen(
      @AuthenticationPrincipal Jwt user,
      @PathVariable String id,
      @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
    return tasks
        .changeStatus(owner(user), taskId(id), ETags.expectedVersion(ifMatch), TaskStatus.OPEN)
        .map(TaskController::ok);
  }

  @Operation(
      summary = "Delete a task; publishes TaskDeleted",
      description =
          "The task stays as a tombstone, so nothing can bring it back; deleting it again answers"
              + " 204 and publishes nothing.")
  @DeleteMapping("/{id}")
  Mono<ResponseEntity<Void>> delete(
      @AuthenticationPrincipal Jwt user,
      @PathVariable String id,
      @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
    return tasks
        .delete(owner(user), taskId(id), ETags.expectedVersion(ifMatch))
        .then(Mono.fromSupplier(() -> ResponseEntity.noContent().build()));
  }

  private static ResponseEntity<TaskResponse> ok(Task task) {
    return ResponseEntity.ok().eTag(ETags.of(task.version())).body(TaskResponse.of(task));
  }

  /** The CRM user id; a token without subject names no user and may not touch tasks. */
  private static String owner(Jwt user) {
    if (user.getSubject() == null || user.getSubject().isBlank()) {
      throw new ResponseStatusException(HttpStatus.FORBIDDEN, "the token names no user (sub)");
    }
    return user.getSubject();
  }

  /** A path segment that is not a UUID names no task: 404, like any unknown id. */
  private static UUID taskId(String id) {
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw new TaskNotFoundException(id);
    }
  }
}
