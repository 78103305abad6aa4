package io.calsync.platform.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.calsync.platform.inbox.Inbox;
import io.calsync.platform.inbox.InboxMaintenance;
import io.calsync.platform.inbox.PlatformInboxAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.r2dbc.spi.ConnectionFactory;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.kafka.KafkaAutoConfiguration;
import org.springframework.boot.autoconfigure.r2dbc.R2dbcAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * Which outbox and inbox beans a service gets. Nothing here connects: the relay and the cleanup
 * jobs would only start with the context's lifecycle, which {@code ApplicationContextRunner} runs,
 * so their start is switched off or tolerated (they retry and log while the database is absent).
 */
class PlatformOutboxAndInboxAutoConfigurationTest {

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  R2dbcAutoConfiguration.class,
                  KafkaAutoConfiguration.class,
                  PlatformOutboxAutoConfiguration.class,
                  PlatformInboxAutoConfiguration.class))
          .withUserConfiguration(Meters.class)
          .withPropertyValues(
              "spring.r2dbc.url=r2dbc:postgresql://localhost:1/none",
              "spring.r2dbc.username=nobody",
              "spring.kafka.admin.auto-create=false",
              "calsync.outbox.relay.lock-retry-interval=1h",
              "calsync.outbox.cleanup-interval=1h",
              "calsync.outbox.backlog-interval=1h",
              "calsync.inbox.cleanup-interval=1h");

  @Test
  void nothing_unlessTheServiceSaysItHasTheTables() {
    runner.run(
        context ->
            assertThat(context)
                .hasNotFailed()
                .doesNotHaveBean(OutboxWriter.class)
                .doesNotHaveBean(OutboxRelay.class)
                .doesNotHaveBean(OutboxMaintenance.class)
                .doesNotHaveBean(Inbox.class)
                .doesNotHaveBean(InboxMaintenance.class));
  }

  @Test
  void writerRelayAndMaintenance_whenTheOutboxIsEnabled() {
    runner
        .withPropertyValues("calsync.outbox.enabled=true", "calsync.outbox.relay.batch-size=7")
        .run(
            context -> {
              assertThat(context)
                  .hasSingleBean(OutboxWriter.class)
                  .hasSingleBean(OutboxRelay.class)
                  .hasSingleBean(OutboxMaintenance.class)
                  .doesNotHaveBean(Inbox.class);
              assertThat(context.getBean(OutboxProperties.class).relay().batchSize()).isEqualTo(7);
              assertThat(
                      context
                          .getBean(MeterRegistry.class)
                          .find(PlatformOutboxAutoConfiguration.LEADER_METRIC)
                          .gauge())
                  .isNotNull();
            });
  }

  @Test
  void noRelay_onAnInstanceThatOnlyWrites() {
    runner
        .withPropertyValues("calsync.outbox.enabled=true", "calsync.outbox.relay.enabled=false")
        .run(
            context ->
                assertThat(context)
                    .hasSingleBean(OutboxWriter.class)
                    .doesNotHaveBean(OutboxRelay.class));
  }

  @Test
  void inboxAndItsCleanup_whenTheInboxIsEnabled() {
    runner
        .withPropertyValues("calsync.inbox.enabled=true")
        .run(
            context ->
                assertThat(context)
                    .hasSingleBean(Inbox.class)
                    .hasSingleBean(InboxMaintenance.class)
                    .doesNotHaveBean(OutboxWriter.class));
  }

  @Test
  void refusesABatchSizeBelowOne() {
    runner
        .withPropertyValues("calsync.outbox.enabled=true", "calsync.outbox.relay.batch-size=0")
        .run(context -> assertThat(context).hasFailed());
  }

  /** What a service's own auto-configuration would add: meters and the database client. */
  @Configuration(proxyBeanMethods = false)
  static class Meters {
    @Bean
    MeterRegistry meterRegistry() {
      return new SimpleMeterRegistry();
    }

    @Bean
    DatabaseClient databaseClient(ConnectionFactory connections) {
      return DatabaseClient.create(connections);
    }
  }
}
