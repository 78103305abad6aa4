package io.calsync.testsupport;

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
    registry.add("spring.r2dbc.url", database::r2dbcUrl);
    registry.add("spring.r2dbc.username", database::username);
    registry.add("spring.r2dbc.password", database::password);
    registry.add("spring.flyway.url", database::jdbcUrl);
    registry.add("spring.flyway.user", database::username);
    registry.add("spring.flyway.password", database::password);
    return database;
  }
}
