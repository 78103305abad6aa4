package io.calsync.connector.commands;

import io.calsync.contracts.ContractMessage;
import io.calsync.contracts.ContractViolationException;
import io.calsync.contracts.Topics;
import io.calsync.contracts.calendar.CalendarCommand;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Consumes {@code calendar.commands}. A record that is not a calendar command of its key's user
 * breaks the contract and goes to the dead-letter topic at once (the service's error handler).
 *
 * <p>The listener waits for each command to finish: a user's commands share a partition and must be
 * applied in order, which an asynchronous listener would not guarantee.
 */
@Component
@EnableConfigurationProperties(CommandProperties.class)
class CalendarCommandListener {

  static final String ID = "calendar-commands";

  private final CommandHandler handler;
  private final CommandProperties properties;

  CalendarCommandListener(CommandHandler handler, CommandProperties properties) {
    this.handler = handler;
    this.properties = properties;
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
    handler.handle(command).block(properties.timeout());
  }
}
