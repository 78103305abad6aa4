package io.calsync.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class CalSyncTestInfrastructureIT {

  @Test
  void register_pointsKafkaR2dbcAndFlywayAtRealInfrastructure() throws Exception {
    Map<String, Supplier<Object>> properties = new HashMap<>();

    PostgresDatabase database =
        CalSyncTestInfrastructure.register(properties::put, "infrastructure-it");

    assertThat(properties)
        .containsOnlyKeys(
            "spring.kafka.bootstrap-servers",
            "spring.r2dbc.url",
            "spring.r2dbc.username",
            "spring.r2dbc.password",
            "spring.flyway.url",
            "spring.flyway.user",
            "spring.flyway.password");
    assertThat(value(properties, "spring.kafka.bootstrap-servers"))
        .isEqualTo(SharedKafka.bootstrapServers());
    assertThat(value(properties, "spring.r2dbc.url")).isEqualTo(database.r2dbcUrl());
    assertThat(value(properties, "spring.flyway.url")).isEqualTo(database.jdbcUrl());
    assertThat(database.name()).startsWith("infrastructure_it_");

    try (Connection connection =
        DriverManager.getConnection(
            value(properties, "spring.flyway.url"),
            value(properties, "spring.flyway.user"),
            value(properties, "spring.flyway.password"))) {
      assertThat(connection.getCatalog()).isEqualTo(database.name());
    }
  }

  private static String value(Map<String, Supplier<Object>> properties, String name) {
    return String.valueOf(properties.get(name).get());
  }
}
