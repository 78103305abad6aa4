package io.calsync.orchestrator.messaging;

import io.calsync.contracts.Topics;
import io.calsync.platform.messaging.NonRetryableExceptions;
import io.calsync.platform.messaging.ServiceTopics;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.DataIntegrityViolationException;

/**
 * What is the orchestrator's own in its Kafka plumbing; the error handler, the dead-letter
 * recoverer, topic declaration and the Kafka health indicator come from the platform starter.
 */
@Configuration(proxyBeanMethods = false)
class MessagingConfig {

  /** The starter declares these topics and their dead-letter topics with the contract's shape. */
  @Bean
  ServiceTopics serviceTopics() {
    return new ServiceTopics(
        List.of(Topics.TASK_COMMANDS, Topics.CALENDAR_COMMANDS, Topics.SYNC_REQUESTS),
        List.of(
            Topics.TASK_EVENTS,
            Topics.EVENT_CHANGES,
            Topics.COMMAND_RESULTS,
            Topics.CONNECTION_EVENTS,
            Topics.SYNC_REQUESTS));
  }

  /**
   * A constraint violation is a record that can never succeed: each user's records are handled one
   * after the other, so it fails the same way on every attempt, and retrying it only stops every
   * partition of the consumer thread for the whole back-off (about a minute with the defaults).
   */
  @Bean
  NonRetryableExceptions orchestratorNonRetryableExceptions() {
    return NonRetryableExceptions.of(DataIntegrityViolationException.class);
  }
}
