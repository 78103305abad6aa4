package io.calsync.orchestrator.command;

import io.calsync.contracts.Topics;
import io.calsync.contracts.calendar.CalendarCommand;
import io.calsync.contracts.cloudevents.CloudEventAttributes;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Sends calendar commands and completes when Kafka acknowledged them ({@code acks=all}), so that a
 * caller can commit the command's effects only afterwards.
 */
@Component
public class CalendarCommandPublisher {

  private final KafkaTemplate<Object, Object> kafka;

  CalendarCommandPublisher(KafkaTemplate<Object, Object> kafka) {
    this.kafka = kafka;
  }

  public Mono<Void> send(CalendarCommand command) {
    ProducerRecord<Object, Object> record =
        new ProducerRecord<>(Topics.CALENDAR_COMMANDS, command.userId(), command);
    // ce_id = command id, so a resend after a crash is the same message to the connector's inbox.
    CloudEventAttributes.withId(command.commandId())
        .subject(command.eventId())
        .applyTo(record.headers());
    return Mono.fromFuture(() -> kafka.send(record)).then();
  }
}
