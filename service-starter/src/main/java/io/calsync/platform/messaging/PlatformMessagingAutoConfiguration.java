package io.calsync.platform.messaging;

import io.calsync.contracts.ContractViolationException;
import io.calsync.contracts.TopicSpec;
import io.calsync.contracts.Topics;
import jakarta.validation.ValidationException;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.kafka.KafkaAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;

/**
 * Topics a service declares, how its listeners wait for reactive work ({@link ListenerBridge}) and
 * handle failures, and Kafka's health.
 *
 * <p>A service declares every contract topic it touches (a {@link ServiceTopics} bean): the topics
 * it produces, the topics it consumes and the dead-letter topics of both (its recoverer writes the
 * latter). Partition count and cleanup policy come from the contract, so whichever service starts
 * first creates a topic with the same shape, and a listener never meets a topic auto-created with
 * the broker's default partition count, which would break co-partitioning.
 */
@AutoConfiguration(after = KafkaAutoConfiguration.class)
@ConditionalOnClass(KafkaTemplate.class)
@EnableConfigurationProperties(MessagingProperties.class)
public class PlatformMessagingAutoConfiguration {

  @Bean
  @ConditionalOnBean(ServiceTopics.class)
  @ConditionalOnMissingBean(name = "calsyncTopics")
  KafkaAdmin.NewTopics calsyncTopics(ServiceTopics topics, MessagingProperties properties) {
    return new KafkaAdmin.NewTopics(
        TopicSpec.declarations(topics.all(), properties.replicationFactor())
            .toArray(NewTopic[]::new));
  }

  /** How listeners wait for reactive work: {@link ListenerBridge}. */
  @Bean
  @ConditionalOnMissingBean
  ListenerBridge listenerBridge(MessagingProperties properties) {
    return new ListenerBridge(properties.listener().timeout());
  }

  /**
   * The only {@code CommonErrorHandler} bean, so Spring Boot sets it on the listener container
   * factory. A failed record goes to {@code <topic>-dlt} on the partition it came from, with
   * Spring's {@code kafka_dlt-*} exception headers. Transient failures are retried with exponential
   * back-off, then dead-lettered. A record that can never succeed (undeserialisable, breaking the
   * contract, failing validation, or one of the service's {@link NonRetryableExceptions}) goes to
   * the dead-letter topic at once instead of blocking its partition; spring-kafka already treats
   * {@code DeserializationException} and message conversion failures that way.
   */
  @Bean
  @ConditionalOnBean(KafkaTemplate.class)
  @ConditionalOnMissingBean(CommonErrorHandler.class)
  DefaultErrorHandler kafkaErrorHandler(
      KafkaTemplate<?, ?> kafkaTemplate,
      MessagingProperties properties,
      ObjectProvider<NonRetryableExceptions> serviceExceptions) {
    // The contract serializer passes byte[] through, so one template also forwards a record that
    // failed deserialisation, as its original bytes and headers.
    DeadLetterPublishingRecoverer recoverer =
        new DeadLetterPublishingRecoverer(
            kafkaTemplate,
            (record, exception) ->
                new TopicPartition(Topics.dlt(record.topic()), record.partition()));
    MessagingProperties.Retry retry = properties.retry();
    ExponentialBackOffWithMaxRetries backOff =
        new ExponentialBackOffWithMaxRetries(retry.maxRetries());
    backOff.setInitialInterval(retry.initialInterval().toMillis());
    backOff.setMultiplier(retry.multiplier());
    backOff.setMaxInterval(retry.maxInterval().toMillis());
    DefaultErrorHandler errorHandler = new DefaultErrorHandler(recoverer, backOff);
    errorHandler.addNotRetryableExceptions(
        ContractViolationException.class, ValidationException.class);
    serviceExceptions
        .orderedStream()
        .flatMap(extra -> extra.exceptions().stream())
        .forEach(errorHandler::addNotRetryableExceptions);
    return errorHandler;
  }

  /** Only where actuator is present; the bean name makes the health component {@code kafka}. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.actuate.health.ReactiveHealthIndicator")
  static class KafkaHealthConfiguration {

    @Bean
    @ConditionalOnBean(KafkaAdmin.class)
    @ConditionalOnMissingBean(name = "kafkaHealthIndicator")
    KafkaHealthIndicator kafkaHealthIndicator(KafkaAdmin kafkaAdmin) {
      return new KafkaHealthIndicator(kafkaAdmin);
    }
  }
}
