package io.calsync.task.commands;

import io.calsync.contracts.ContractMessage;
import io.calsync.contracts.ContractViolationException;
import io.calsync.contracts.Topics;
import io.calsync.contracts.task.TaskCommand;
import io.calsync.platform.erasure.ErasedUsers;
import io.calsync.platform.messaging.ListenerBridge;
import io.calsync.platform.messaging.ProducedAt;
import io.calsync.task.commands.TaskCommandHandler.Outcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Consumes {@code crm.task-commands} with the service's container factory (and so its dead-letter
 * error handler). The reactive transaction is awaited here, at the listener boundary
 * (service-starter's {@link ListenerBridge}), so the offset is committed only after the command's
 * effect.
 *
 * <p>A record that is not a task command, whose key is not the command's user, or that names
 * another user's task fails without retry and goes to {@code crm.task-commands-dlt}. A command
 * produced before its user erased CalSync's data ({@code ce_time} not after the erase) is dropped
 * (outcome {@code DROPPED_ERASED}).
 */
@Component
class TaskCommandListener {

  static final String ID = "task-commands";

  private static final Logger log = LoggerFactory.getLogger(TaskCommandListener.class);

  private final TaskCommandHandler handler;
  private final ListenerBridge bridge;
  private final MeterRegistry meters;
  private final ErasedUsers erasedUsers;

  TaskCommandListener(
      TaskCommandHandler handler,
      ListenerBridge bridge,
      MeterRegistry meters,
      ErasedUsers erasedUsers) {
    this.handler = handler;
    this.bridge = bridge;
    this.meters = meters;
    this.erasedUsers = erasedUsers;
  }

  @KafkaListener(
      id = ID,
      topics = Topics.TASK_COMMANDS,
      autoStartup = "${calsync.task-commands.auto-startup:true}")
  void onCommand(ConsumerRecord<String, ContractMessage> record) {
    if (!(record.value() instanceof TaskCommand command)) {
      throw new ContractViolationException(
          "not a task command: "
              + (record.value() == null ? "null" : record.value().getClass().getSimpleName()));
    }
    // The key decides the partition and so the order of one user's commands and task events.
    if (!Objects.equals(record.key(), command.userId())) {
      throw new ContractViolationException("record key is not the command's userId");
    }
    if (Boolean.TRUE.equals(
        bridge.await(erasedUsers.producedBeforeErase(command.userId(), ProducedAt.of(record))))) {
      // Sent before the user erased CalSync's data: applying it would link a task again.
      counter(command, "DROPPED_ERASED").increment();
      return;
    }
    Outcome outcome = bridge.await(handler.apply(command));
    if (outcome == null) {
      throw new IllegalStateException("command " + command.commandId() + " had no outcome");
    }
    counter(command, outcome.name()).increment();
    log.debug(
        "{} {} for task of event {}: {}",
        command.getClass().getSimpleName(),
        command.commandId(),
        command.eventId(),
        outcome);
  }

  private Counter counter(TaskCommand command, String outcome) {
    return Counter.builder("calsync_task_commands")
        .description("task commands consumed, by type and outcome")
        .tag("type", command.getClass().getSimpleName())
        .tag("outcome", outcome)
        .register(meters);
  }
}
