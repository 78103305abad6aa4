package io.calsync.platform.outbox;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.r2dbc.postgresql.PostgresqlConnectionFactoryProvider;
import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryOptions;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.r2dbc.R2dbcProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * The transactional outbox of a service that has one ({@code calsync.outbox.enabled=true}): the
 * {@link OutboxWriter}, the {@link OutboxRelay} (unless {@code calsync.outbox.relay.enabled=false})
 * with its leader gauge, and the {@link OutboxMaintenance}. The service's own migrations create the
 * {@code outbox} table and the trigger that notifies {@value OutboxRelay#CHANNEL} on insert.
 */
@AutoConfiguration(
    afterName = {
      "org.springframework.boot.autoconfigure.r2dbc.R2dbcAutoConfiguration",
      "org.springframework.boot.autoconfigure.kafka.KafkaAutoConfiguration",
      "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration"
    })
@ConditionalOnClass({
  DatabaseClient.class,
  PostgresqlConnection.class,
  KafkaTemplate.class,
  MeterRegistry.class
})
@ConditionalOnProperty(name = "calsync.outbox.enabled", havingValue = "true")
@EnableConfigurationProperties(OutboxProperties.class)
public class PlatformOutboxAutoConfiguration {

  /** 1 while this instance is the active outbox relay. */
  public static final String LEADER_METRIC = "calsync.outbox.relay.leader";

  @Bean
  @ConditionalOnMissingBean
  OutboxWriter outboxWriter(DatabaseClient db) {
    return new OutboxWriter(db);
  }

  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnProperty(
      name = "calsync.outbox.relay.enabled",
      havingValue = "true",
      matchIfMissing = true)
  OutboxRelay outboxRelay(
      R2dbcProperties r2dbc,
      KafkaTemplate<Object, Object> kafkaTemplate,
      OutboxProperties properties,
      MeterRegistry meterRegistry,
      @Value("${spring.application.name:calsync}") String applicationName) {
    OutboxRelay relay =
        new OutboxRelay(
            "main",
            relayConnections(r2dbc, applicationName + "-outbox-relay"),
            kafkaTemplate,
            properties.relay(),
            meterRegistry);
    Gauge.builder(LEADER_METRIC, relay, r -> r.isLeader() ? 1 : 0)
        .description("1 while this instance is the active outbox relay")
        .register(meterRegistry);
    return relay;
  }

  @Bean
  @ConditionalOnMissingBean
  OutboxMaintenance outboxMaintenance(
      DatabaseClient db, OutboxProperties properties, MeterRegistry meterRegistry) {
    return new OutboxMaintenance(db, properties, meterRegistry);
  }

  /**
   * Connections of their own for the relay, outside the pool: the advisory lock lives as long as
   * the connection, and a pool could keep it alive (lock held, relay gone) or close it under the
   * relay. TCP keep-alive makes a dead peer show up as a failed connection.
   *
   * @param applicationName how the connection shows in {@code pg_stat_activity}
   */
  public static ConnectionFactory relayConnections(R2dbcProperties r2dbc, String applicationName) {
    ConnectionFactoryOptions.Builder options =
        ConnectionFactoryOptions.parse(r2dbc.getUrl())
            .mutate()
            .option(PostgresqlConnectionFactoryProvider.APPLICATION_NAME, applicationName)
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
