package io.calsync.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SharedPostgresTest {

  @Test
  void databaseName_isALowercaseIdentifierWithTheReadablePrefix() {
    assertThat(SharedPostgres.databaseName("Task-Service.IT"))
        .matches("task_service_it_[0-9a-f]{12}");
    assertThat(SharedPostgres.databaseName("42answers")).matches("db_42answers_[0-9a-f]{12}");
    assertThat(SharedPostgres.databaseName(null)).matches("test_[0-9a-f]{12}");
  }

  @Test
  void databaseName_isUniquePerCall_andFitsPostgresIdentifierLimit() {
    String longPrefix = "x".repeat(100);

    assertThat(SharedPostgres.databaseName(longPrefix)).hasSize(63);
    assertThat(SharedPostgres.databaseName("same"))
        .isNotEqualTo(SharedPostgres.databaseName("same"));
  }
}
