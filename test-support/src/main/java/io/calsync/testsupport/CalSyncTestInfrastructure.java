package io.calsync.testsupport;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.test.context.DynamicPropertyRegistry;

/** Points a Spring Boot integration test at the shared Kafka broker and a fresh database. */
public final class CalSyncTestInfrastructure {

  private CalSyncTestInfrastructure() {}

  /**
   * Registers {@code spring.kafka.bootstrap-servers}, {@code spring.r2dbc.url/username/password}
   * and {@code spring.flyway.url/user/password} for a fresh database; call it from a
   * {@code @DynamicPropertySource} method.
   *
   * @param dbPrefix readable prefix of the database name, e.g. the service name
   * @return the database the properties point at
   */
  public static PostgresDatabase register(DynamicPropertyRegistry registry, String dbPrefix) {
    PostgresDatabase database = SharedPostgres.freshDatabase(dbPrefix);
    registry.add("spring.kafka.bootstrap-servers", SharedKafka::bootstrapServers);
    databaseProperties(database).forEach((name, value) -> registry.add(name, () -> value));
    return database;
  }

  /**
   * {@code spring.kafka.bootstrap-servers} and the {@code spring.r2dbc} and {@code spring.flyway}
   * connection properties for {@code database}, for an instance a test starts itself ({@link
   * ServiceInstances#run}).
   */
  public static Map<String, Object> properties(PostgresDatabase database) {
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("spring.kafka.bootstrap-servers", SharedKafka.bootstrapServers());
    properties.putAll(databaseProperties(database));
    return properties;
  }

  private static Map<String, Object> databaseProperties(PostgresDatabase database) {
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("spring.r2dbc.url", database.r2dbcUrl());
    properties.put("spring.r2dbc.username", database.username());
    properties.put("spring.r2dbc.password", database.password());
    properties.put("spring.flyway.url", database.jdbcUrl());
    properties.put("spring.flyway.user", database.username());
    properties.put("spring.flyway.password", database.password());
    return properties;
  }
}
