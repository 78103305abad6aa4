package io.calsync.orchestrator.crmtogoogle;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CommandResultsTest {

  @ParameterizedTest
  @ValueSource(strings = {"conflict", "412 conditionNotMet", "Precondition failed (412)"})
  void recognisesAConflict(String reason) {
    assertThat(CommandResults.isConflict(reason)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"usageLimits: rateLimitExceeded", "forbidden", "connection-lost"})
  void treatsOtherFailuresAsFailures(String reason) {
    assertThat(CommandResults.isConflict(reason)).isFalse();
  }
}
