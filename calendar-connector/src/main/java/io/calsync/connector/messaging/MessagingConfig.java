package io.calsync.connector.messaging;

import io.calsync.contracts.Topics;
import io.calsync.platform.messaging.ServiceTopics;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What is the connector's own in its Kafka plumbing: the topics it touches. The error handler, the
 * dead-letter recoverer, topic declaration and the Kafka health indicator come from the platform
 * starter.
 */
@Configuration(proxyBeanMethods = false)
class MessagingConfig {

  /** The starter declares these topics and their dead-letter topics with the contract's shape. */
  @Bean
  ServiceTopics serviceTopics() {
    return new ServiceTopics(
        List.of(Topics.EVENT_CHANGES, Topics.COMMAND_RESULTS),
        List.of(Topics.CALENDAR_COMMANDS, Topics.CONNECTION_EVENTS, Topics.SYNC_REQUESTS));
  }
}
