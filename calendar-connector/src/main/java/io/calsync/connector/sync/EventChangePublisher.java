package io.calsync.connector.sync;

import io.calsync.contracts.Topics;
import io.calsync.contracts.calendar.EventChanged;
import io.calsync.contracts.cloudevents.CloudEventAttributes;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Publishes listed changes on {@code calendar.event-changes}, keyed by user id. The {@code ce_id}
 * of a change with an etag is derived from user, event and etag, so the same version of an event
 * listed again (a repeated page, a full resync) is the same CloudEvent; without an etag it is
 * random.
 */
@Component
class EventChangePublisher {

  private final KafkaTemplate<Object, Object> kafka;

  EventChangePublisher(KafkaTemplate<Object, Object> kafka) {
    this.kafka = kafka;
  }

  /**
   * Sends the changes in their order (one user, one partition, idempotent producer) and completes
   * once the broker acknowledged all of them.
   */
  Mono<Void> publishAll(List<EventChanged> changes) {
    return Mono.defer(
        () -> {
          CompletableFuture<?>[] sends =
              changes.stream().map(this::send).toArray(CompletableFuture[]::new);
          return Mono.fromFuture(CompletableFuture.allOf(sends));
        });
  }

  private CompletableFuture<?> send(EventChanged change) {
    ProducerRecord<Object, Object> record =
        new ProducerRecord<>(Topics.EVENT_CHANGES, change.userId(), change);
    CloudEventAttributes attributes =
        change.etag() == null
            ? new CloudEventAttributes(null, null, null, null, change.updated())
            : CloudEventAttributes.withId(
                    UUID.nameUUIDFromBytes(
                            ("calendar-connector/event/"
                                    + change.userId()
                                    + "/"
                                    + change.eventId()
                                    + "/"
                                    + change.etag())
                                .getBytes(StandardCharsets.UTF_8))
                        .toString())
                .time(change.updated());
    attributes.applyTo(record.headers());
    return kafka.send(record);
  }
}
