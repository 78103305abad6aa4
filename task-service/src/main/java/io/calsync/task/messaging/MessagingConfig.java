package io.calsync.task.messaging;

import io.calsync.contracts.ContractViolationException;
import io.calsync.contracts.TopicSpec;
import io.calsync.contracts.Topics;
import io.calsync.task.tasks.ForeignTaskException;
import jakarta.validation.ValidationException;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;

/**
 * Topics this service declares and how its listeners handle failures.
 *
 * <p>The service declares every contract topic it touches: the topics it produces, the topics it
 * consumes and the dead-letter topics of both (its recoverer writes the latter). Partition count
 * and cleanup policy come from the contract, so whichever service starts first creates a topic with
 * the same shape, and a listener never meets a topic auto-created with the broker's default
 * partition count, which would break co-partitioning.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MessagingProperties.class)
class MessagingConfig {

  static final List<String> PRODUCED = List.of(Topics.TASK_EVENTS);
  static final List<String> CONSUMED = List.of(Topics.TASK_COMMANDS, Topics.CONNECTION_EVENTS);

  @Bean
  KafkaAdmin.NewTopics calsyncTopics(MessagingProperties properties) {
    return new KafkaAdmin.NewTopics(
        TopicSpec.declarations(
                Stream.concat(PRODUCED.stream(), CONSUMED.stream()).toList(),
                properties.replicationFactor())
            .toArray(NewTopic[]::new));
  }

  /**
   * The only {@code CommonErrorHandler} bean, so Spring Boot sets it on the listener container
   * factory. A failed record goes to {@code <topic>-dlt} on the partition it came from, with
   * Spring's {@code kafka_dlt-*} exception headers. Transient failures are retried with exponential
   * back-off, then dead-lettered. A record that can never succeed (undeserialisable, breaking the
   * contract, failing validation or naming another user's task) goes to the dead-letter topic at
   * once instead of blocking its partition; spring-kafka already treats {@code
   * DeserializationException} and message conversion failures that way.
   */
  @Bean
  DefaultErrorHandler kafkaErrorHandler(
      KafkaTemplate<?, ?> kafkaTemplate, MessagingProperties properties) {
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
        ContractViolationException.class, ValidationException.class, ForeignTaskException.class);
    return errorHandler;
  }

  @Bean
  KafkaHealthIndicator kafkaHealthIndicator(KafkaAdmin kafkaAdmin) {
    return new KafkaHealthIndicator(kafkaAdmin);
  }
}
