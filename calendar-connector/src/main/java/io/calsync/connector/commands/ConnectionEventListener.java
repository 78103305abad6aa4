package io.calsync.connector.commands;

import io.calsync.connector.erasure.UserErasure;
import io.calsync.connector.token.AccessTokenClient;
import io.calsync.contracts.ContractMessage;
import io.calsync.contracts.Topics;
import io.calsync.contracts.connection.ConnectionConnected;
import io.calsync.contracts.connection.ConnectionLost;
import io.calsync.contracts.connection.ConnectionRevoked;
import io.calsync.platform.erasure.ErasedUsers;
import io.calsync.platform.messaging.ListenerBridge;
import io.calsync.platform.messaging.ProducedAt;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Consumes {@code sync.connection-events} for the write side: a (re)connected user gets the parked
 * commands applied in arrival order, whatever parked them; a revoked user's parked commands are
 * dropped (the orchestrator keeps the history and re-decides after a reconnect); a lost connection
 * turns the user's outage-parked commands into lost-connection ones (they wait for the reconnect,
 * not the outage re-drive); a lost or revoked connection forgets the cached access token. Settings
 * changes concern the orchestrator only. A tombstone erases every row of the user ({@link
 * UserErasure}); connection events produced before that erase are ignored, and a later {@code
 * ConnectionConnected} lifts the erase marker.
 */
@Component
class ConnectionEventListener {

  static final String ID = "connection-events";

  private static final Logger log = LoggerFactory.getLogger(ConnectionEventListener.class);

  private final CommandHandler handler;
  private final AccessTokenClient tokens;
  private final ListenerBridge bridge;
  private final UserErasure erasure;
  private final ErasedUsers erasedUsers;

  ConnectionEventListener(
      CommandHandler handler,
      AccessTokenClient tokens,
      ListenerBridge bridge,
      UserErasure erasure,
      ErasedUsers erasedUsers) {
    this.handler = handler;
    this.tokens = tokens;
    this.bridge = bridge;
    this.erasure = erasure;
    this.erasedUsers = erasedUsers;
  }

  @KafkaListener(id = ID, idIsGroup = false, topics = Topics.CONNECTION_EVENTS)
  void onConnectionEvent(ConsumerRecord<String, ContractMessage> record) {
    ContractMessage event = record.value();
    if (event == null) {
      // A tombstone: the user asked to be erased.
      tokens.invalidate(record.key());
      bridge.await(erasure.erase(record.key(), ProducedAt.of(record)));
      return;
    }
    Instant erasedAt = bridge.await(erasedUsers.erasedAt(record.key()));
    if (erasedAt != null) {
      if (!ProducedAt.of(record).isAfter(erasedAt)) {
        log.debug("Dropped a connection event produced before its user was erased");
        return;
      }
      if (event instanceof ConnectionConnected) {
        bridge.await(erasedUsers.lift(record.key()));
      }
    }
    if (event instanceof ConnectionConnected connected) {
      tokens.invalidate(connected.userId());
      int applied = 0;
      while (Boolean.TRUE.equals(
          bridge.await(handler.applyNextParked(connected.userId(), false)))) {
        applied++;
      }
      if (applied > 0) {
        log.info("User {} reconnected: applied {} parked commands", connected.userId(), applied);
      }
    } else if (event instanceof ConnectionRevoked revoked) {
      tokens.invalidate(revoked.userId());
      Long dropped = bridge.await(handler.dropParked(revoked.userId()));
      if (dropped != null && dropped > 0) {
        log.info("User {} revoked access: dropped {} parked commands", revoked.userId(), dropped);
      }
    } else if (event instanceof ConnectionLost lost) {
      tokens.invalidate(lost.userId());
      // Commands parked by an outage now wait for the reconnect like any other lost command.
      bridge.await(handler.connectionLost(lost.userId()));
    }
  }
}
