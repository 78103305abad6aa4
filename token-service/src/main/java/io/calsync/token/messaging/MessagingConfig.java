package io.calsync.token.messaging;

import io.calsync.contracts.Topics;
import io.calsync.platform.messaging.ServiceTopics;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What is token-service's own in its Kafka plumbing: the topics it writes to. The error handler,
 * the dead-letter recoverer, topic declaration, the Kafka health indicator and the outbox ({@code
 * calsync.outbox.enabled}) come from the platform starter.
 */
@Configuration(proxyBeanMethods = false)
class MessagingConfig {

  /**
   * The starter declares these topics and their dead-letter topics with the contract's shape.
   * token-service consumes no contract topic.
   */
  @Bean
  ServiceTopics serviceTopics() {
    return new ServiceTopics(List.of(Topics.CONNECTION_EVENTS, Topics.SYNC_REQUESTS), List.of());
  }
}
