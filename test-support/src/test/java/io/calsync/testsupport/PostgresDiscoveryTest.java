package io.calsync.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class PostgresDiscoveryTest {

  private static final Path BIN = Path.of("/opt/pg/bin");

  @Test
  void decide_usesTheEnvironmentUrl_withoutProbingDockerOrBinaries() {
    Map<String, String> env =
        Map.of(
            "CALSYNC_TEST_POSTGRES_URL", "jdbc:postgresql://db.example:6543/admin",
            "CALSYNC_TEST_POSTGRES_USER", "ci",
            "CALSYNC_TEST_POSTGRES_PASSWORD", "secret");

    PostgresDiscovery.Decision decision =
        PostgresDiscovery.decide(env, mustNotProbeDocker(), mustNotLookForBinaries());

    assertThat(decision)
        .isEqualTo(
            new PostgresDiscovery.ExternalServer(
                new PostgresDatabase("admin", "db.example", 6543, "ci", "secret")));
  }

  @Test
  void decide_prefersDocker_overLocalBinaries() {
    PostgresDiscovery.Decision decision =
        PostgresDiscovery.decide(Map.of(), () -> true, mustNotLookForBinaries());

    assertThat(decision).isInstanceOf(PostgresDiscovery.DockerContainer.class);
  }

  @Test
  void decide_usesLocalBinaries_whenNoUrlAndNoDocker() {
    PostgresDiscovery.Decision decision =
        PostgresDiscovery.decide(
            Map.of("CALSYNC_TEST_POSTGRES_URL", " "), () -> false, () -> Optional.of(BIN));

    assertThat(decision).isEqualTo(new PostgresDiscovery.LocalBinaries(BIN));
  }

  @Test
  void decide_failsNamingWhatToInstall_whenNothingIsAvailable() {
    assertThatThrownBy(() -> PostgresDiscovery.decide(Map.of(), () -> false, Optional::empty))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("apt-get install postgresql")
        .hasMessageContaining("CALSYNC_PG_BIN")
        .hasMessageContaining("CALSYNC_TEST_POSTGRES_URL=jdbc:postgresql://host:port/db")
        .hasMessageContaining("Docker");
  }

  @Test
  void parseJdbcUrl_defaultsThePortAndIgnoresParameters() {
    assertThat(PostgresDiscovery.parseJdbcUrl("jdbc:postgresql://pg/postgres?ssl=false", "u", "p"))
        .isEqualTo(new PostgresDatabase("postgres", "pg", 5432, "u", "p"));
  }

  @Test
  void parseJdbcUrl_rejectsUrlsThatAreNotPostgresJdbcUrls() {
    assertThatThrownBy(() -> PostgresDiscovery.parseJdbcUrl("postgres://pg:5432/db", "u", "p"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("CALSYNC_TEST_POSTGRES_URL");
    assertThatThrownBy(() -> PostgresDiscovery.parseJdbcUrl("jdbc:postgresql://pg:5432/", "u", "p"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("database");
  }

  private static BooleanSupplier mustNotProbeDocker() {
    return () -> {
      throw new AssertionError("Docker must not be probed");
    };
  }

  private static Supplier<Optional<Path>> mustNotLookForBinaries() {
    return () -> {
      throw new AssertionError("binaries must not be looked up");
    };
  }
}
