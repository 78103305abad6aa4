package io.calsync.orchestrator.connection;

import io.calsync.contracts.Topics;
import io.calsync.contracts.cloudevents.CloudEventAttributes;
import io.calsync.contracts.sync.FullResyncRequested;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Asks calendar-connector to list a user's calendar again after the user (re)connected.
 *
 * <p>The connector starts its first sync as soon as it sees the connection on {@code
 * sync.connection-events}; its {@code calendar.event-changes} can reach this service before the
 * same connection event does (Kafka orders records within a partition of one topic, not across
 * topics). Those changes were skipped as "not connected" and would never be listed again, so an
 * event that existed before the connect would never become a task. A full resync requested once
 * this service knows the connection lists them again; what was already handled is recognised by its
 * link and etag, so nothing is duplicated.
 */
@Component
class ResyncRequests {

  /** {@code requestedBy} of the requests this service makes (docs/events.md). */
  static final String REQUESTED_BY = "service:sync-orchestrator";

  private final KafkaTemplate<Object, Object> kafka;

  ResyncRequests(KafkaTemplate<Object, Object> kafka) {
    this.kafka = kafka;
  }

  /**
   * Sends a {@link FullResyncRequested} for the user and completes when Kafka acknowledged it. Its
   * request id derives from the connection event's id, so a redelivered connection event asks for
   * the same request again rather than a new one.
   */
  Mono<Void> afterConnect(String userId, String connectionMessageId) {
    String requestId =
        UUID.nameUUIDFromBytes(
                ("calsync-resync-after-connect\u0000" + connectionMessageId)
                    .getBytes(StandardCharsets.UTF_8))
            .toString();
    FullResyncRequested request =
        new FullResyncRequested(requestId, userId, REQUESTED_BY, Instant.now());
    ProducerRecord<Object, Object> record =
        new ProducerRecord<>(Topics.SYNC_REQUESTS, userId, request);
    CloudEventAttributes.withId(requestId).subject(userId).applyTo(record.headers());
    return Mono.fromFuture(() -> kafka.send(record)).then();
  }
}
