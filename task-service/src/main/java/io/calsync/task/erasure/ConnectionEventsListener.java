package io.calsync.task.erasure;

import io.calsync.contracts.ContractMessage;
import io.calsync.contracts.Topics;
import io.calsync.platform.messaging.ListenerBridge;
import io.calsync.platform.messaging.ProducedAt;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Consumes {@code sync.connection-events} in a consumer group of its own, with the service's
 * container factory (dead-letter handler): a tombstone erases CalSync's data of the user. Every
 * other connection event concerns the orchestrator and the connector only.
 */
@Component
class ConnectionEventsListener {

  static final String ID = "task-service-erasure";

  private final CalSyncDataErasure erasure;
  private final ListenerBridge bridge;

  ConnectionEventsListener(CalSyncDataErasure erasure, ListenerBridge bridge) {
    this.erasure = erasure;
    this.bridge = bridge;
  }

  @KafkaListener(
      id = ID,
      idIsGroup = false,
      groupId = "${calsync.erasure.consumer-group:task-service-erasure}",
      topics = Topics.CONNECTION_EVENTS,
      autoStartup = "${calsync.erasure.auto-startup:true}")
  void onConnectionEvent(ConsumerRecord<String, ContractMessage> record) {
    if (record.value() == null && record.key() != null) {
      bridge.await(erasure.erase(record.key(), ProducedAt.of(record)));
    }
  }
}
