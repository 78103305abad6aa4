package io.calsync.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FlywayMigrationsTest {

  @Test
  void listsVersionedMigrationsInFlywayOrder_withoutRepeatableOnes() {
    assertThat(FlywayMigrations.versionsOnClasspath()).containsExactly("1", "1.1", "2", "10");
  }
}
