package io.calsync.task.messaging;

import io.calsync.contracts.Topics;
import io.calsync.platform.messaging.NonRetryableExceptions;
import io.calsync.platform.messaging.ServiceTopics;
import io.calsync.task.tasks.ForeignTaskException;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What is task-service's own in its Kafka plumbing; the error handler, the dead-letter recoverer,
 * topic declaration and the Kafka health indicator come from the platform starter.
 */
@Configuration(proxyBeanMethods = false)
class MessagingConfig {

  /** The starter declares these topics and their dead-letter topics with the contract's shape. */
  @Bean
  ServiceTopics serviceTopics() {
    return new ServiceTopics(
        List.of(Topics.TASK_EVENTS), List.of(Topics.TASK_COMMANDS, Topics.CONNECTION_EVENTS));
  }

  /** A command naming another user's task fails the same way on every attempt. */
  @Bean
  NonRetryableExceptions taskNonRetryableExceptions() {
    return NonRetryableExceptions.of(ForeignTaskException.class);
  }
}
