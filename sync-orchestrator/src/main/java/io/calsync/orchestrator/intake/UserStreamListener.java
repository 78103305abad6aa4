package io.calsync.orchestrator.intake;

import io.calsync.contracts.ContractMessage;
import io.calsync.contracts.ContractViolationException;
import io.calsync.contracts.Topics;
import io.calsync.contracts.calendar.CommandResult;
import io.calsync.contracts.calendar.EventChanged;
import io.calsync.contracts.cloudevents.CloudEventAttributes;
import io.calsync.contracts.connection.ConnectionEvent;
import io.calsync.contracts.task.TaskEvent;
import io.calsync.orchestrator.connection.ConnectionSync;
import io.calsync.orchestrator.crmtogoogle.CommandResults;
import io.calsync.orchestrator.crmtogoogle.TaskSync;
import io.calsync.orchestrator.erasure.ErasureRule;
import io.calsync.orchestrator.erasure.ErasureRule.Verdict;
import io.calsync.orchestrator.erasure.UserErasure;
import io.calsync.orchestrator.googletocrm.EventSync;
import io.calsync.platform.erasure.ErasedUsers;
import io.calsync.platform.messaging.ListenerBridge;
import io.calsync.platform.messaging.ProducedAt;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The one listener of the user-keyed topics the orchestrator consumes. One listener for all four
 * topics, with the range assignor, gives partition {@code n} of every topic to the same consumer
 * thread, so one user's task events, event changes, connection changes and command results are
 * handled by one thread, one record after the other.
 *
 * <p>Each record's work runs through service-starter's {@link ListenerBridge} (bounded by {@code
 * calsync.kafka.listener.timeout}): the offset may be committed only after the record's transaction
 * did. A failure propagates to the container's {@code DefaultErrorHandler} (retry with back-off,
 * then {@code -dlt}).
 */
@Component
class UserStreamListener {

  static final String ID = "sync-orchestrator-user-streams";

  private static final Logger log = LoggerFactory.getLogger(UserStreamListener.class);

  private final TaskSync taskSync;
  private final ConnectionSync connectionSync;
  private final CommandResults commandResults;
  private final EventSync eventSync;
  private final UserErasure erasure;
  private final ErasedUsers erasedUsers;
  private final ListenerBridge bridge;

  UserStreamListener(
      TaskSync taskSync,
      ConnectionSync connectionSync,
      CommandResults commandResults,
      EventSync eventSync,
      UserErasure erasure,
      ErasedUsers erasedUsers,
      ListenerBridge bridge) {
    this.taskSync = taskSync;
    this.connectionSync = connectionSync;
    this.commandResults = commandResults;
    this.eventSync = eventSync;
    this.erasure = erasure;
    this.erasedUsers = erasedUsers;
    this.bridge = bridge;
  }

  @KafkaListener(
      id = ID,
      idIsGroup = false,
      topics = {
        Topics.TASK_EVENTS,
        Topics.EVENT_CHANGES,
        Topics.CONNECTION_EVENTS,
        Topics.COMMAND_RESULTS
      })
  void onRecord(ConsumerRecord<String, ContractMessage> record) {
    bridge.await(handle(record));
  }

  private Mono<Void> handle(ConsumerRecord<String, ContractMessage> record) {
    ContractMessage message = record.value();
    if (message == null) {
      return Topics.CONNECTION_EVENTS.equals(record.topic())
          ? erasure.erase(record.key(), ProducedAt.of(record))
          : Mono.error(new ContractViolationException("null value on " + record.topic()));
    }
    return erasedUsers
        .erasedAt(record.key())
        .map(erasedAt -> ErasureRule.judge(message, ProducedAt.of(record), erasedAt))
        .defaultIfEmpty(Verdict.PASS)
        .flatMap(
            verdict ->
                switch (verdict) {
                  case PASS -> dispatch(record, message);
                  case PASS_AND_LIFT ->
                      erasedUsers.lift(record.key()).then(dispatch(record, message));
                  case DROP -> {
                    log.debug(
                        "Dropped a {} about an erased user", message.getClass().getSimpleName());
                    erasure.countDropped(record.topic());
                    yield Mono.<Void>empty();
                  }
                });
  }

  private Mono<Void> dispatch(
      ConsumerRecord<String, ContractMessage> record, ContractMessage message) {
    // The deserializer rejects records without ce_id, so every message here has one.
    String messageId = CloudEventAttributes.from(record.headers()).id();
    if (message instanceof TaskEvent task) {
      return taskSync.onTaskEvent(messageId, task);
    }
    if (message instanceof ConnectionEvent connection) {
      return connectionSync.onConnectionEvent(messageId, connection);
    }
    if (message instanceof EventChanged event) {
      return eventSync.onEventChanged(messageId, event);
    }
    if (message instanceof CommandResult result) {
      return commandResults.onCommandResult(messageId, result);
    }
    // The deserializer only lets a topic's own types through.
    return Mono.error(
        new ContractViolationException(
            "unexpected " + message.getClass().getSimpleName() + " on " + record.topic()));
  }
}
