package io.calsync.task.outbox;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.r2dbc.postgresql.PostgresqlConnectionFactoryProvider;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryOptions;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.r2dbc.R2dbcProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.r2dbc.core.DatabaseClient;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(OutboxProperties.class)
class OutboxConfig {

  static final String LEADER_METRIC = "calsync.outbox.relay.leader";

  @Bean
  @ConditionalOnProperty(
      prefix = "calsync.outbox.relay",
      name = "enabled",
      havingValue = "true",
      matchIfMissing = true)
  OutboxRelay outboxRelay(
      R2dbcProperties r2dbc,
      KafkaTemplate<Object, Object> kafkaTemplate,
      OutboxProperties properties,
      MeterRegistry meterRegistry) {
    OutboxRelay relay =
        new OutboxRelay(
            "main", relayConnections(r2dbc), kafkaTemplate, properties.relay(), meterRegistry);
    Gauge.builder(LEADER_METRIC, relay, r -> r.isLeader() ? 1 : 0)
        .description("1 while this instance is the active outbox relay")
        .register(meterRegistry);
    return relay;
  }

  @Bean
  OutboxMaintenance outboxMaintenance(
      DatabaseClient db, OutboxProperties properties, MeterRegistry meterRegistry) {
    return new OutboxMaintenance(db, properties, meterRegistry);
  }

  /**
   * Connections of their own for the relay, outside the pool: the advisory lock lives as long as
   * the connection, and a pool could keep it alive (lock held, relay gone) or close it under the
   * relay. TCP keep-alive makes a dead peer show up as a failed connection.
   */
  static ConnectionFactory relayConnections(R2dbcProperties r2dbc) {
    ConnectionFactoryOptions.Builder options =
        ConnectionFactoryOptions.parse(r2dbc.getUrl())
            .mutate()
            .option(
                PostgresqlConnectionFactoryProvider.APPLICATION_NAME, "task-service-outbox-relay")
            .option(PostgresqlConnectionFactoryProvider.TCP_KEEPALIVE, true);
    if (r2dbc.getUsername() != null) {
      options.option(ConnectionFactoryOptions.USER, r2dbc.getUsername());
    }
    if (r2dbc.getPassword() != null) {
      options.option(ConnectionFactoryOptions.PASSWORD, r2dbc.getPassword());
    }
    return ConnectionFactories.get(options.build());
  }
}
