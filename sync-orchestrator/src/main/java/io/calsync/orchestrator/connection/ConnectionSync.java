package io.calsync.orchestrator.connection;

import io.calsync.contracts.Topics;
import io.calsync.contracts.connection.ConnectionConnected;
import io.calsync.contracts.connection.ConnectionEvent;
import io.calsync.contracts.connection.ConnectionLost;
import io.calsync.contracts.connection.ConnectionRevoked;
import io.calsync.contracts.connection.SyncSettings;
import io.calsync.contracts.connection.SyncSettingsChanged;
import io.calsync.orchestrator.metrics.Tally;
import io.calsync.platform.inbox.Inbox;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Keeps {@code user_settings} from {@code sync.connection-events}, pushes the user's tasks that are
 * not in sync when the user connects or switches to a mode that writes to Google, and asks for a
 * full resync of the calendar on every (re)connect ({@link ResyncRequests}).
 */
@Component
public class ConnectionSync {

  private final Inbox inbox;
  private final UserConnectionRepository connections;
  private final CatchUp catchUp;
  private final ResyncRequests resyncRequests;
  private final TransactionalOperator transactional;

  ConnectionSync(
      Inbox inbox,
      UserConnectionRepository connections,
      CatchUp catchUp,
      ResyncRequests resyncRequests,
      TransactionalOperator transactional) {
    this.inbox = inbox;
    this.connections = connections;
    this.catchUp = catchUp;
    this.resyncRequests = resyncRequests;
    this.transactional = transactional;
  }

  public Mono<Void> onConnectionEvent(String messageId, ConnectionEvent event) {
    return inbox
        .firstDelivery(messageId, Topics.CONNECTION_EVENTS, event.userId())
        .filter(Boolean::booleanValue)
        .flatMap(first -> apply(messageId, event))
        .as(transactional::transactional)
        .doOnNext(tallies -> tallies.forEach(catchUp::count))
        .then();
  }

  private Mono<List<Tally>> apply(String messageId, ConnectionEvent event) {
    return connections
        .find(event.userId())
        .map(Optional::of)
        .defaultIfEmpty(Optional.empty())
        .flatMap(
            previous -> {
              UserConnection next = next(previous.orElse(null), event);
              Mono<List<Tally>> backfill =
                  startsWriting(previous.orElse(null), next, event)
                      ? connections
                          .catchUpStarted(next.userId())
                          .then(catchUp.backfill(next, messageId))
                      : Mono.just(List.of());
              // Acknowledged before the inbox row commits, like every command this service sends.
              Mono<Void> resync =
                  event instanceof ConnectionConnected
                      ? resyncRequests.afterConnect(next.userId(), messageId)
                      : Mono.empty();
              Mono<List<Tally>> close =
                  accountChanged(previous.orElse(null), event)
                      ? catchUp.accountChanged(next, messageId)
                      : Mono.just(List.of());
              // The links are closed before the catch-up, which then sees those tasks as never
              // pushed and sends them to the new calendar.
              return connections
                  .save(next)
                  .then(resync)
                  .then(close)
                  .flatMap(
                      closed ->
                          backfill.map(
                              pushed -> Stream.concat(closed.stream(), pushed.stream()).toList()));
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
   * A connect with another Google account than the one the links were made with (addresses compared
   * case-insensitively, as Google does). Unknown when the previous address is.
   */
  static boolean accountChanged(UserConnection previous, ConnectionEvent event) {
    return event instanceof ConnectionConnected connected
        && previous != null
        && previous.googleAccountEmail() != null
        && connected.googleAccountEmail() != null
        && !previous.googleAccountEmail().equalsIgnoreCase(connected.googleAccountEmail());
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
