package io.calsync.task.commands;

import io.calsync.contracts.task.CreateTaskFromEvent;
import io.calsync.contracts.task.TaskCommand;
import io.calsync.contracts.task.UnlinkTaskFromEvent;
import io.calsync.contracts.task.UpdateTaskFromEvent;
import io.calsync.task.tasks.Task;
import io.calsync.task.tasks.TaskIds;
import io.calsync.task.tasks.TaskService;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Applies a task command once: the inbox row and the command's effect commit together (the task
 * service's own transaction joins this one), so a redelivered command finds its id and changes
 * nothing, and a failed one leaves neither.
 */
@Component
class TaskCommandHandler {

  /** What a command did. */
  enum Outcome {
    /** The task changed and a task event is in the outbox. */
    APPLIED,
    /** Recorded as processed without a change (see {@link TaskService} for when). */
    SKIPPED,
    /** Processed before: nothing done. */
    DUPLICATE
  }

  private final ProcessedCommands processed;
  private final TaskService tasks;
  private final TransactionalOperator transaction;

  TaskCommandHandler(
      ProcessedCommands processed, TaskService tasks, TransactionalOperator transaction) {
    this.processed = processed;
    this.tasks = tasks;
    this.transaction = transaction;
  }

  Mono<Outcome> apply(TaskCommand command) {
    return Mono.defer(
        () -> {
          UUID taskId = taskId(command);
          return processed
              .claim(command.commandId(), command.userId(), taskId)
              .flatMap(
                  claimed ->
                      claimed
                          ? effect(command)
                              .map(task -> Outcome.APPLIED)
                              .defaultIfEmpty(Outcome.SKIPPED)
                          : Mono.just(Outcome.DUPLICATE))
              .as(transaction::transactional);
        });
  }

  // Java 17: no pattern matching in switch; the interface is sealed to these three.
  private Mono<Task> effect(TaskCommand command) {
    if (command instanceof CreateTaskFromEvent create) {
      return tasks.createFromEvent(create);
    }
    if (command instanceof UpdateTaskFromEvent update) {
      return tasks.updateFromEvent(update);
    }
    return tasks.unlinkFromEvent((UnlinkTaskFromEvent) command);
  }

  private static UUID taskId(TaskCommand command) {
    if (command instanceof CreateTaskFromEvent create) {
      return TaskIds.fromEvent(create.userId(), create.eventId());
    }
    if (command instanceof UpdateTaskFromEvent update) {
      return TaskIds.parse(update.taskId());
    }
    return TaskIds.parse(((UnlinkTaskFromEvent) command).taskId());
  }
}
