package io.calsync.connector.commands;

import io.calsync.contracts.ContractMessage;
import io.calsync.contracts.ContractViolationException;
import io.calsync.contracts.Topics;
import io.calsync.contracts.calendar.CalendarCommand;
import io.calsync.platform.erasure.ErasedUsers;
import io.calsync.platform.messaging.ListenerBridge;
import io.calsync.platform.messaging.ProducedAt;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Consumes {@code calendar.commands}. A record that is not a calendar command of its key's user
 * breaks the contract and goes to the dead-letter topic at once (the service's error handler).
 *
 * <p>The listener waits for each command to finish (service-starter's {@link ListenerBridge}): a
 * user's commands share a partition and must be applied in order, which an asynchronous listener
 * would not guarantee.
 *
 * <p>A command produced before its user was erased ({@code ce_time} not after the erase) is
 * dropped.
 */
@Component
@EnableConfigurationProperties(CommandProperties.class)
class CalendarCommandListener {

  static final String ID = "calendar-commands";

  private static final Logger log = LoggerFactory.getLogger(CalendarCommandListener.class);

  private final CommandHandler handler;
  private final ListenerBridge bridge;
  private final ErasedUsers erasedUsers;

  CalendarCommandListener(CommandHandler handler, ListenerBridge bridge, ErasedUsers erasedUsers) {
    this.handler = handler;
    this.bridge = bridge;
    this.erasedUsers = erasedUsers;
  }

  @KafkaListener(id = ID, idIsGroup = false, topics = Topics.CALENDAR_COMMANDS)
  void onCommand(ConsumerRecord<String, ContractMessage> record) {
    if (!(record.value() instanceof CalendarCommand command)) {
      throw new ContractViolationException(
          "a record on " + Topics.CALENDAR_COMMANDS + " must be a calendar command");
    }
    if (!command.userId().equals(record.key())) {
      throw new ContractViolationException("the record key must be the command's userId");
    }
    Instant erasedAt = bridge.await(erasedUsers.erasedAt(command.userId()));
    if (erasedAt != null && !ProducedAt.of(record).isAfter(erasedAt)) {
      // Sent before the user was erased: executing it would write to a calendar whose grant is
      // revoked and store a result about an erased user. No result: the orchestrator forgot it.
      log.debug("Dropped a calendar command produced before its user was erased");
      return;
    }
    bridge.await(handler.handle(command));
  }
}
