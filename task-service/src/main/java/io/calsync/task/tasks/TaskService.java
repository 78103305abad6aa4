package io.calsync.task.tasks;

import io.calsync.contracts.ContractViolationException;
import io.calsync.contracts.task.CreateTaskFromEvent;
import io.calsync.contracts.task.Origins;
import io.calsync.contracts.task.TaskCreated;
import io.calsync.contracts.task.TaskDeleted;
import io.calsync.contracts.task.TaskEvent;
import io.calsync.contracts.task.TaskStatus;
import io.calsync.contracts.task.TaskUpdated;
import io.calsync.contracts.task.UnlinkTaskFromEvent;
import io.calsync.contracts.task.UpdateTaskFromEvent;
import io.calsync.platform.outbox.OutboxWriter;
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

  /** Longest title the table holds; a longer event summary is cut to it. */
  private static final int MAX_TITLE = 1024;

  private static final int MAX_ASSIGNEE = 320;

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
        .flatMap(stored -> record(Kind.CREATED, stored.task(), Origins.CRM, null))
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
        .flatMap(stored -> record(Kind.UPDATED, stored.task(), Origins.CRM, null))
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
        .flatMap(stored -> record(Kind.UPDATED, stored.task(), Origins.CRM, null))
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
        .flatMap(stored -> record(Kind.DELETED, stored.task(), Origins.CRM, null))
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

  /**
   * Creates the task of a calendar event with the id {@link TaskIds#fromEvent} and the event link,
   * and publishes {@code TaskCreated} (origin {@code calendar-sync}, causation = the command).
   * Empty, with nothing written, when a task of that id exists already or a task keeps a link to
   * the event, live or deleted: at most one task per event, and a deleted one is never brought
   * back.
   *
   * @throws ForeignTaskException when the derived id names another user's task
   */
  public Mono<Task> createFromEvent(CreateTaskFromEvent command) {
    String owner = command.userId();
    UUID id = TaskIds.fromEvent(owner, command.eventId());
    TaskDraft draft =
        new TaskDraft(
            truncate(command.title(), MAX_TITLE),
            command.description(),
            command.dueDate(),
            command.dueTime(),
            command.timeZone(),
            assignee(command.assigneeEmail()),
            TaskStatus.OPEN);
    Mono<Task> insert =
        tasks
            .insertLinked(id, owner, draft, command.calendarId(), command.eventId())
            .flatMap(
                stored ->
                    record(Kind.CREATED, stored.task(), Origins.CALENDAR_SYNC, command.commandId()))
            .switchIfEmpty(Mono.defer(() -> requireOwner(owner, id)));
    return tasks
        .findByEvent(owner, command.calendarId(), command.eventId())
        .hasElement()
        .flatMap(linked -> linked ? Mono.<Task>empty() : insert)
        .as(transaction::transactional);
  }

  /**
   * Writes the merged fields of the linked event while the task is still at the command's {@code
   * expectedVersion}, keeps the status, and publishes {@code TaskUpdated} (origin {@code
   * calendar-sync}). Empty, with nothing written, when the task moved on (the orchestrator merges
   * its newer event again), is deleted or does not exist.
   *
   * @throws ForeignTaskException when the task belongs to another user
   */
  public Mono<Task> updateFromEvent(UpdateTaskFromEvent command) {
    String owner = command.userId();
    UUID id = TaskIds.parse(command.taskId());
    TaskDraft draft =
        new TaskDraft(
            truncate(command.title(), MAX_TITLE),
            command.description(),
            command.dueDate(),
            command.dueTime(),
            command.timeZone(),
            assignee(command.assigneeEmail()),
            null);
    return tasks
        .replaceFromEvent(
            owner, id, command.expectedVersion(), draft, command.calendarId(), command.eventId())
        .flatMap(
            stored ->
                record(Kind.UPDATED, stored.task(), Origins.CALENDAR_SYNC, command.commandId()))
        .switchIfEmpty(Mono.defer(() -> requireOwner(owner, id)))
        .as(transaction::transactional);
  }

  /**
   * Keeps the task and its fields but ends its link to the event, records the reason and publishes
   * {@code TaskUpdated} (origin {@code calendar-sync}). Empty, with nothing written, when the task
   * is deleted or does not exist.
   *
   * @throws ForeignTaskException when the task belongs to another user
   */
  public Mono<Task> unlinkFromEvent(UnlinkTaskFromEvent command) {
    String owner = command.userId();
    UUID id = TaskIds.parse(command.taskId());
    if (command.reason().length() > 64) {
      throw new ContractViolationException("reason is longer than 64 characters");
    }
    return tasks
        .unlink(owner, id, command.eventId(), command.reason())
        .flatMap(
            stored ->
                record(Kind.UPDATED, stored.task(), Origins.CALENDAR_SYNC, command.commandId()))
        .switchIfEmpty(Mono.defer(() -> requireOwner(owner, id)))
        .as(transaction::transactional);
  }

  /** Empty when the task is the owner's or does not exist; an error when another user owns it. */
  private Mono<Task> requireOwner(String owner, UUID id) {
    return tasks
        .findAnyOwner(id)
        .filter(stored -> !stored.task().ownerUserId().equals(owner))
        .flatMap(stored -> Mono.error(new ForeignTaskException(id)));
  }

  private static String truncate(String text, int maxLength) {
    return text.length() <= maxLength ? text : text.substring(0, maxLength);
  }

  /** An address longer than an e-mail address can be is broken, not worth a retry. */
  private static String assignee(String email) {
    if (email != null && email.length() > MAX_ASSIGNEE) {
      throw new ContractViolationException(
          "assigneeEmail is longer than " + MAX_ASSIGNEE + " characters");
    }
    return email;
  }

  private Mono<Task> record(Kind kind, Task task, String origin, String causationId) {
    return outbox.append(event(kind, task, origin, causationId), task.updatedAt()).thenReturn(task);
  }

  private static TaskEvent event(Kind kind, Task t, String origin, String causationId) {
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
              origin,
              causationId);
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
              origin,
              causationId);
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
              origin,
              causationId);
    };
  }

  private enum Kind {
    CREATED,
    UPDATED,
    DELETED
  }
}
