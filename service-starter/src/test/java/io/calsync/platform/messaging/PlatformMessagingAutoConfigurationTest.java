package io.calsync.platform.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.calsync.contracts.ContractViolationException;
import io.calsync.contracts.Topics;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.kafka.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.test.util.ReflectionTestUtils;

class PlatformMessagingAutoConfigurationTest {

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  KafkaAutoConfiguration.class, PlatformMessagingAutoConfiguration.class))
          // No broker here: KafkaAdmin would otherwise try to create the topics at start-up.
          .withPropertyValues("spring.kafka.admin.auto-create=false");

  @Test
  void declaresServiceTopicsAndTheirDeadLetterTopics_withTheConfiguredReplicationFactor() {
    runner
        .withUserConfiguration(Topicsconfig.class)
        .withPropertyValues("calsync.kafka.replication-factor=3")
        .run(
            context -> {
              // getNewTopics() is package-private; it is what KafkaAdmin reads at start-up.
              Collection<NewTopic> topics =
                  ReflectionTestUtils.invokeMethod(
                      context.getBean("calsyncTopics", KafkaAdmin.NewTopics.class), "getNewTopics");
              assertThat(topics)
                  .extracting(NewTopic::name)
                  .containsExactly(
                      Topics.TASK_EVENTS,
                      Topics.dlt(Topics.TASK_EVENTS),
                      Topics.TASK_COMMANDS,
                      Topics.dlt(Topics.TASK_COMMANDS));
              assertThat(topics)
                  .allSatisfy(t -> assertThat(t.replicationFactor()).isEqualTo((short) 3));
            });
  }

  @Test
  void declaresNoTopics_withoutServiceTopics() {
    runner.run(context -> assertThat(context).doesNotHaveBean("calsyncTopics"));
  }

  @Test
  void bindsRetryProperties_withDefaults() {
    runner
        .withPropertyValues(
            "calsync.kafka.retry.max-retries=2", "calsync.kafka.retry.max-interval=5s")
        .run(
            context -> {
              MessagingProperties properties = context.getBean(MessagingProperties.class);
              assertThat(properties.replicationFactor()).isEqualTo((short) 1);
              assertThat(properties.retry().maxRetries()).isEqualTo(2);
              assertThat(properties.retry().maxInterval()).isEqualTo(Duration.ofSeconds(5));
              assertThat(properties.retry().initialInterval()).isEqualTo(Duration.ofSeconds(1));
              assertThat(properties.retry().multiplier()).isEqualTo(2.0);
            });
  }

  @Test
  void errorHandler_doesNotRetryContractViolationsOrTheServicesOwnExceptions() {
    runner
        .withUserConfiguration(ExtraExceptionsConfig.class)
        .run(
            context -> {
              DefaultErrorHandler handler = context.getBean(DefaultErrorHandler.class);
              assertThat(retries(handler, new ContractViolationException("bad"))).isFalse();
              assertThat(retries(handler, new jakarta.validation.ValidationException())).isFalse();
              assertThat(retries(handler, new ServiceSpecificException())).isFalse();
              assertThat(retries(handler, new IllegalStateException("transient"))).isTrue();
            });
  }

  @Test
  void errorHandler_retriesServiceExceptions_whenTheServiceDeclaresNone() {
    runner.run(
        context ->
            assertThat(
                    retries(
                        context.getBean(DefaultErrorHandler.class), new ServiceSpecificException()))
                .isTrue());
  }

  @Test
  void backsOff_whenTheServiceHasItsOwnErrorHandler() {
    runner
        .withUserConfiguration(OwnErrorHandlerConfig.class)
        .run(
            context -> {
              assertThat(context).hasSingleBean(CommonErrorHandler.class);
              assertThat(context.getBean(CommonErrorHandler.class))
                  .isSameAs(context.getBean(OwnErrorHandlerConfig.class).handler);
            });
  }

  @Test
  void registersTheKafkaHealthIndicator_underTheNameKafka() {
    runner.run(
        context ->
            assertThat(context)
                .hasSingleBean(KafkaHealthIndicator.class)
                .hasBean("kafkaHealthIndicator"));
  }

  @Test
  void backsOff_whenKafkaIsAbsent() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(PlatformMessagingAutoConfiguration.class))
        .run(
            context ->
                assertThat(context)
                    .doesNotHaveBean(DefaultErrorHandler.class)
                    .doesNotHaveBean(KafkaHealthIndicator.class));
  }

  /**
   * True unless the handler classifies the exception's type as not retryable ({@code
   * removeClassification} answers the classification it held: false = not retryable).
   */
  private static boolean retries(DefaultErrorHandler handler, Exception exception) {
    return !Boolean.FALSE.equals(handler.removeClassification(exception.getClass()));
  }

  static class ServiceSpecificException extends RuntimeException {}

  @Configuration(proxyBeanMethods = false)
  static class Topicsconfig {
    @Bean
    ServiceTopics serviceTopics() {
      return new ServiceTopics(List.of(Topics.TASK_EVENTS), List.of(Topics.TASK_COMMANDS));
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class ExtraExceptionsConfig {
    @Bean
    NonRetryableExceptions extra() {
      return NonRetryableExceptions.of(ServiceSpecificException.class);
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnErrorHandlerConfig {
    final DefaultErrorHandler handler = new DefaultErrorHandler();

    @Bean
    DefaultErrorHandler ownErrorHandler() {
      return handler;
    }
  }
}
