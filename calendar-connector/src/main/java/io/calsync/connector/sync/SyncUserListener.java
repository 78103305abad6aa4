package io.calsync.connector.sync;

import io.calsync.contracts.ContractMessage;
import io.calsync.contracts.ContractViolationException;
import io.calsync.contracts.Topics;
import io.calsync.contracts.connection.ConnectionConnected;
import io.calsync.contracts.connection.ConnectionLost;
import io.calsync.contracts.connection.ConnectionRevoked;
import io.calsync.contracts.connection.SyncMode;
import io.calsync.contracts.connection.SyncSettingsChanged;
import io.calsync.contracts.sync.FullResyncRequested;
import io.calsync.contracts.sync.SyncRequest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * The sync consumer: connection events tell {@link PolledUsers} which users of this instance's
 * partitions are connected (a paused user counts as not connected); sync requests ask the scheduler
 * for an immediate poll. {@code sync.requests} is consumed by the same consumer: with the range
 * assignor and equal partition counts, partition <i>n</i> of both topics belongs to the same
 * instance, so a Sync Now reaches the instance that polls the user.
 */
@Component
class SyncUserListener {

  static final String ID = "calendar-sync";

  private static final Logger log = LoggerFactory.getLogger(SyncUserListener.class);

  private final PolledUsers users;
  private final SyncScheduler scheduler;

  SyncUserListener(PolledUsers users, SyncScheduler scheduler) {
    this.users = users;
    this.scheduler = scheduler;
  }

  @KafkaListener(
      id = ID,
      idIsGroup = false,
      groupId = "${calsync.sync.consumer-group:calendar-connector-sync}",
      topics = {Topics.CONNECTION_EVENTS, Topics.SYNC_REQUESTS},
      containerFactory = SyncConfig.CONTAINER_FACTORY,
      properties = {
        // A dead instance's users move to the others after this (plus one poll interval).
        "session.timeout.ms=${calsync.sync.session-timeout-ms:10000}",
        "heartbeat.interval.ms=${calsync.sync.heartbeat-interval-ms:3000}",
        // Co-assigns partition n of both topics to the same consumer.
        "partition.assignment.strategy=org.apache.kafka.clients.consumer.RangeAssignor"
      })
  void onRecord(ConsumerRecord<String, ContractMessage> record) {
    if (Topics.CONNECTION_EVENTS.equals(record.topic())) {
      onConnectionEvent(record);
    } else {
      onSyncRequest(record);
    }
  }

  private void onConnectionEvent(ConsumerRecord<String, ContractMessage> record) {
    int partition = record.partition();
    boolean live = users.isLive(partition, record.offset());
    ContractMessage event = record.value();
    if (event == null) {
      users.disconnected(partition, record.key());
      return;
    }
    requireKey(record, event.userId());
    if (event instanceof ConnectionConnected connected) {
      if (connected.settings().mode() == SyncMode.PAUSED) {
        users.disconnected(partition, connected.userId());
      } else {
        users.connected(partition, connected.userId(), connected.googleAccountEmail(), live);
      }
    } else if (event instanceof SyncSettingsChanged changed) {
      if (changed.connected() && changed.settings().mode() != SyncMode.PAUSED) {
        users.connected(partition, changed.userId(), null, live);
      } else {
        users.disconnected(partition, changed.userId());
      }
    } else if (event instanceof ConnectionRevoked || event instanceof ConnectionLost) {
      users.disconnected(partition, event.userId());
    }
  }

  private void onSyncRequest(ConsumerRecord<String, ContractMessage> record) {
    if (!(record.value() instanceof SyncRequest request)) {
      throw new ContractViolationException(
          "a record on " + Topics.SYNC_REQUESTS + " must be a sync request");
    }
    requireKey(record, request.userId());
    boolean full = request instanceof FullResyncRequested;
    if (scheduler.requestNow(request.userId(), full)) {
      log.info(
          "{} {} for user {}: polling now",
          full ? "Full resync" : "Sync Now",
          request.requestId(),
          request.userId());
    } else {
      log.info(
          "Sync request {} for user {} ignored: the user is not connected",
          request.requestId(),
          request.userId());
    }
  }

  private static void requireKey(ConsumerRecord<String, ContractMessage> record, String userId) {
    if (!userId.equals(record.key())) {
      throw new ContractViolationException("the record key must be the userId");
    }
  }
}
