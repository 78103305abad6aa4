package io.calsync.task.tasks;

import io.calsync.contracts.task.Origins;
import io.calsync.contracts.task.TaskCreated;
import io.calsync.contracts.task.TaskDeleted;
import io.calsync.contracts.task.TaskEvent;
import io.calsync.contracts.task.TaskStatus;
import io.calsync.contracts.task.TaskUpdated;
import io.calsync.task.outbox.OutboxWriter;
import io.calsync.task.tasks.TaskRepository.StoredTask;
import java.util.UUID;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Changes tasks on behalf of their owner. Each change commits the task row and exactly one task
 * event in the outbox in one transaction; a change that fails anywhere leaves neither.
 *
 * <p>Every method takes the owner's user id: a task of another user is {@link
 * TaskNotFoundException}, indistinguishable from one that does not exist. A non-null expected
 * version that is not the current one is {@link VersionMismatchException}.
 */
@Service
@EnableConfigurationProperties(TasksProperties.class)
public class TaskService {

  private final TaskRepository tasks;
  private final OutboxWriter outbox;
  private final TransactionalOperator transaction;
  private final TasksProperties properties;

  TaskService(
      TaskRepository tasks,
      OutboxWriter outbox,
      TransactionalOperator transaction,
      TasksProperties properties) {
    this.tasks = tasks;
    this.outbox = outbox;
    this.transaction = transaction;
    this.properties = properties;
  }

  /** Creates a task at version 1 and publishes {@code TaskCreated}. */
  public Mono<Task> create(String owner, TaskDraft draft) {
    String zone = draft.timeZone() == null ? properties.defaultTimeZone() : draft.timeZone();
    return tasks
        .insert(UUID.randomUUID(), owner, draft, zone)
        .flatMap(stored -> record(Kind.CREATED, stored.task()))
        .as(transaction::transactional);
  }

  public Mono<Task> get(String owner, UUID id) {
    return tasks
        .find(owner, id)
        .filter(stored -> !stored.deleted())
        .map(StoredTask::task)
        .switchIfEmpty(Mono.error(() -> new TaskNotFoundException(id)));
  }

  /** One page of the owner's live tasks in creation order. */
  public Mono<TaskPage> list(String owner, TaskQuery query) {
    // One row more than asked tells whether there is a next page.
    TaskQuery probe =
        new TaskQuery(
            query.status(), query.dueFrom(), query.dueTo(), query.after(), query.limit() + 1);
    return tasks
        .list(owner, probe)
        .map(StoredTask::task)
        .collectList()
        .map(
            found -> {
              if (found.size() <= query.limit()) {
                return new TaskPage(found, null);
              }
              var page = found.subList(0, query.limit());
              Task last = page.get(page.size() - 1);
              return new TaskPage(page, new TaskQuery.Position(last.createdAt(), last.id()));
            });
  }

  /**
   * Replaces the written fields and publishes {@code TaskUpdated}.
   *
   * @param expectedVersion null only when the caller explicitly accepts overwriting any version
   */
  public Mono<Task> replace(String owner, UUID id, Long expectedVersion, TaskDraft draft) {
    return tasks
        .replace(owner, id, expectedVersion, draft)
        .switchIfEmpty(Mono.defer(() -> explainMiss(owner, id, expectedVersion)))
        .flatMap(stored -> record(Kind.UPDATED, stored.task()))
        .as(transaction::transactional);
  }

  /**
   * Sets the status and publishes {@code TaskUpdated}; a task that has the status already is
   * returned unchanged, without a new version or event.
   *
   * @param expectedVersion null to change whatever the current version is
   */
  public Mono<Task> changeStatus(String owner, UUID id, Long expectedVersion, TaskStatus status) {
    return tasks
        .changeStatus(owner, id, expectedVersion, status)
        .flatMap(stored -> record(Kind.UPDATED, stored.task()))
        .switchIfEmpty(
            Mono.defer(
                () ->
                    explainMiss(owner, id, expectedVersion)
                        // explainMiss only returns a live task whose version matched: the status
                        // was already the one asked for.
                        .map(StoredTask::task)))
        .as(transaction::transactional);
  }

  /**
   * Deletes the task, keeping a tombstone so that nothing can bring it back, and publishes {@code
   * TaskDeleted}. Deleting a deleted task again does nothing.
   *
   * @param expectedVersion null to delete whatever the current version is
   */
  public Mono<Void> delete(String owner, UUID id, Long expectedVersion) {
    return tasks
        .markDeleted(owner, id, expectedVersion)
        .flatMap(stored -> record(Kind.DELETED, stored.task()))
        .switchIfEmpty(
            Mono.defer(
                () ->
                    tasks
                        .find(owner, id)
                        .filter(StoredTask::deleted)
                        .switchIfEmpty(Mono.defer(() -> explainMiss(owner, id, expectedVersion)))
                        .then(Mono.empty())))
        .then()
        .as(transaction::transactional);
  }

  /**
   * Why a conditional change matched no row: the task does not exist for this owner (or is
   * deleted), or its version differs. Otherwise the live task, for the caller to interpret.
   */
  private Mono<StoredTask> explainMiss(String owner, UUID id, Long expectedVersion) {
    return tasks
        .find(owner, id)
        .filter(stored -> !stored.deleted())
        .switchIfEmpty(Mono.error(() -> new TaskNotFoundException(id)))
        .flatMap(
            stored ->
                expectedVersion != null && stored.task().version() != expectedVersion
                    ? Mono.error(
                        new VersionMismatchException(expectedVersion, stored.task().version()))
                    : Mono.just(stored));
  }

  private Mono<Task> record(Kind kind, Task task) {
    return outbox.append(event(kind, task), task.updatedAt()).thenReturn(task);
  }

  private static TaskEvent event(Kind kind, Task t) {
    String taskId = t.id().toString();
    return switch (kind) {
      case CREATED ->
          new TaskCreated(
              taskId,
              t.ownerUserId(),
              t.title(),
              t.description(),
              t.dueDate(),
              t.dueTime(),
              t.timeZone(),
              t.assigneeEmail(),
              t.status(),
              t.version(),
              t.updatedAt(),
              Origins.CRM,
              null);
      case UPDATED ->
          new TaskUpdated(
              taskId,
              t.ownerUserId(),
              t.title(),
              t.description(),
              t.dueDate(),
              t.dueTime(),
              t.timeZone(),
              t.assigneeEmail(),
              t.status(),
              t.version(),
              t.updatedAt(),
              Origins.CRM,
              null);
      case DELETED ->
          new TaskDeleted(
              taskId,
              t.ownerUserId(),
              t.title(),
              t.description(),
              t.dueDate(),
              t.dueTime(),
              t.timeZone(),
              t.assigneeEmail(),
              t.status(),
              t.version(),
              t.updatedAt(),
              Origins.CRM,
              null);
    };
  }

  private enum Kind {
    CREATED,
    UPDATED,
    DELETED
  }
}
