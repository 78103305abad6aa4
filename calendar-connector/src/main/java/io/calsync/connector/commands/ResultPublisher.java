package io.calsync.connector.commands;

import io.calsync.contracts.ContractMessage;
import io.calsync.contracts.Topics;
import io.calsync.contracts.calendar.CommandResult;
import io.calsync.contracts.calendar.EventChanged;
import io.calsync.contracts.cloudevents.CloudEventAttributes;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Publishes command results and event snapshots, keyed by user id, and waits for the broker. */
@Component
class ResultPublisher {

  private final KafkaTemplate<Object, Object> kafka;

  ResultPublisher(KafkaTemplate<Object, Object> kafka) {
    this.kafka = kafka;
  }

  /**
   * A result's {@code ce_id} is derived from its command id, so a result re-published for a
   * redelivered command is recognised as the same message by the consumer's inbox.
   */
  Mono<Void> publishResult(CommandResult result) {
    String ceId =
        UUID.nameUUIDFromBytes(
                ("calendar-connector/result/" + result.commandId())
                    .getBytes(StandardCharsets.UTF_8))
            .toString();
    return send(Topics.COMMAND_RESULTS, result, CloudEventAttributes.withId(ceId));
  }

  Mono<Void> publishChange(EventChanged change) {
    return send(Topics.EVENT_CHANGES, change, null);
  }

  private Mono<Void> send(String topic, ContractMessage body, CloudEventAttributes attributes) {
    ProducerRecord<Object, Object> record = new ProducerRecord<>(topic, body.userId(), body);
    if (attributes != null) {
      attributes.applyTo(record.headers());
    }
    return Mono.fromFuture(() -> kafka.send(record)).then();
  }
}
