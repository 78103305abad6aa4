package io.calsync.orchestrator.sync;

import io.calsync.contracts.Topics;
import io.calsync.contracts.connection.ConnectionConnected;
import io.calsync.contracts.connection.ConnectionEvent;
import io.calsync.contracts.connection.ConnectionLost;
import io.calsync.contracts.connection.ConnectionRevoked;
import io.calsync.contracts.connection.SyncSettings;
import io.calsync.contracts.connection.SyncSettingsChanged;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Keeps {@code user_settings} from {@code sync.connection-events}, and pushes the user's tasks that
 * are not in sync when the user connects or switches to a mode that writes to Google.
 */
@Component
class ConnectionSync {

  private final Inbox inbox;
  private final UserConnectionRepository connections;
  private final TaskSync taskSync;
  private final TransactionalOperator transactional;

  ConnectionSync(
      Inbox inbox,
      UserConnectionRepository connections,
      TaskSync taskSync,
      TransactionalOperator transactional) {
    this.inbox = inbox;
    this.connections = connections;
    this.taskSync = taskSync;
    this.transactional = transactional;
  }

  Mono<Void> onConnectionEvent(String messageId, ConnectionEvent event) {
    return inbox
        .firstDelivery(messageId, Topics.CONNECTION_EVENTS)
        .filter(Boolean::booleanValue)
        .flatMap(first -> apply(messageId, event))
        .as(transactional::transactional)
        .doOnNext(tallies -> tallies.forEach(taskSync::count))
        .then();
  }

  /** A tombstone on the compacted topic: the user is to be forgotten. */
  Mono<Void> onTombstone(String userId) {
    return connections.forget(userId);
  }

  private Mono<List<TaskSync.Tally>> apply(String messageId, ConnectionEvent event) {
    return connections
        .find(event.userId())
        .map(Optional::of)
        .defaultIfEmpty(Optional.empty())
        .flatMap(
            previous -> {
              UserConnection next = next(previous.orElse(null), event);
              Mono<List<TaskSync.Tally>> backfill =
                  startsWriting(previous.orElse(null), next, event)
                      ? connections
                          .catchUpStarted(next.userId())
                          .then(taskSync.backfill(next, messageId))
                      : Mono.just(List.of());
              return connections.save(next).then(backfill);
            });
  }

  /** The user's state after {@code event}; each record of the compacted topic is a full state. */
  static UserConnection next(UserConnection previous, ConnectionEvent event) {
    String userId = event.userId();
    String email = previous == null ? null : previous.googleAccountEmail();
    SyncSettings settings = previous == null ? SyncSettings.defaults() : previous.settings();
    if (event instanceof ConnectionConnected connected) {
      return new UserConnection(
          userId, ConnectionStatus.CONNECTED, connected.googleAccountEmail(), connected.settings());
    }
    if (event instanceof SyncSettingsChanged changed) {
      ConnectionStatus status;
      if (changed.connected()) {
        status = ConnectionStatus.CONNECTED;
      } else if (previous != null && previous.status() != ConnectionStatus.CONNECTED) {
        status = previous.status();
      } else {
        status = ConnectionStatus.DISCONNECTED;
      }
      return new UserConnection(userId, status, email, changed.settings());
    }
    if (event instanceof ConnectionRevoked) {
      return new UserConnection(userId, ConnectionStatus.REVOKED, email, settings);
    }
    if (event instanceof ConnectionLost) {
      return new UserConnection(userId, ConnectionStatus.LOST, email, settings);
    }
    throw new IllegalArgumentException("unknown connection event " + event.getClass());
  }

  /**
   * A (re)connect, or a change that makes sync write to Google where it did not before: tasks
   * changed meanwhile (or never pushed) must reach Google now.
   */
  static boolean startsWriting(
      UserConnection previous, UserConnection next, ConnectionEvent event) {
    if (!next.writesToGoogle()) {
      return false;
    }
    return event instanceof ConnectionConnected || previous == null || !previous.writesToGoogle();
  }
}
