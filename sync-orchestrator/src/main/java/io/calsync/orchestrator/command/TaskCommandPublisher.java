package io.calsync.orchestrator.command;

import io.calsync.contracts.Topics;
import io.calsync.contracts.cloudevents.CloudEventAttributes;
import io.calsync.contracts.task.TaskCommand;
import io.calsync.contracts.task.UnlinkTaskFromEvent;
import io.calsync.contracts.task.UpdateTaskFromEvent;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Sends task commands to {@code crm.task-commands} and completes when Kafka acknowledged them, so
 * the caller commits the command's effects only afterwards (as {@link CalendarCommandPublisher}).
 */
@Component
public class TaskCommandPublisher {

  private final KafkaTemplate<Object, Object> kafka;

  TaskCommandPublisher(KafkaTemplate<Object, Object> kafka) {
    this.kafka = kafka;
  }

  public Mono<Void> send(TaskCommand command) {
    ProducerRecord<Object, Object> record =
        new ProducerRecord<>(Topics.TASK_COMMANDS, command.userId(), command);
    // ce_subject: the task for update/unlink, the event for a create (docs/events.md).
    CloudEventAttributes.withId(command.commandId())
        .subject(subject(command))
        .applyTo(record.headers());
    return Mono.fromFuture(() -> kafka.send(record)).then();
  }

  private static String subject(TaskCommand command) {
    if (command instanceof UpdateTaskFromEvent update) {
      return update.taskId();
    }
    if (command instanceof UnlinkTaskFromEvent unlink) {
      return unlink.taskId();
    }
    return command.eventId();
  }
}
