package io.calsync.task.commands;

import io.calsync.contracts.Topics;
import io.calsync.contracts.task.CreateTaskFromEvent;
import io.calsync.contracts.task.TaskCommand;
import io.calsync.contracts.task.UnlinkTaskFromEvent;
import io.calsync.contracts.task.UpdateTaskFromEvent;
import io.calsync.platform.inbox.Inbox;
import io.calsync.task.tasks.Task;
import io.calsync.task.tasks.TaskService;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Applies a task command once: the inbox row (the starter's {@link Inbox}, keyed by command id) and
 * the command's effect commit together (the task service's own transaction joins this one), so a
 * redelivered command finds its id and changes nothing, and a failed one leaves neither.
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

  private final Inbox inbox;
  private final TaskService tasks;
  private final TransactionalOperator transaction;

  TaskCommandHandler(Inbox inbox, TaskService tasks, TransactionalOperator transaction) {
    this.inbox = inbox;
    this.tasks = tasks;
    this.transaction = transaction;
  }

  Mono<Outcome> apply(TaskCommand command) {
    return inbox
        .firstDelivery(command.commandId(), Topics.TASK_COMMANDS, command.userId())
        .flatMap(
            first ->
                first
                    ? effect(command).map(task -> Outcome.APPLIED).defaultIfEmpty(Outcome.SKIPPED)
                    : Mono.just(Outcome.DUPLICATE))
        .as(transaction::transactional);
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
}
