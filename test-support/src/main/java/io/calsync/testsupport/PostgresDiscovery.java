package io.calsync.testsupport;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides where the test PostgreSQL comes from (design §7), without starting anything, so the order
 * can be unit tested: an explicit URL from the environment, then Testcontainers when a Docker
 * engine answers, then local PostgreSQL binaries, otherwise a failure that says what to install.
 */
final class PostgresDiscovery {

  static final String URL_VARIABLE = "CALSYNC_TEST_POSTGRES_URL";
  static final String USER_VARIABLE = "CALSYNC_TEST_POSTGRES_USER";
  static final String PASSWORD_VARIABLE = "CALSYNC_TEST_POSTGRES_PASSWORD";

  private static final Logger log = LoggerFactory.getLogger(PostgresDiscovery.class);

  /** The outcome of discovery: what {@link SharedPostgres} should connect to or start. */
  sealed interface Decision {}

  /** Step 1: a server someone else runs, named by {@value #URL_VARIABLE}. */
  record ExternalServer(PostgresDatabase maintenanceDatabase) implements Decision {}

  /** Step 2: a {@code postgres:15-alpine} container. */
  record DockerContainer() implements Decision {}

  /** Step 3: a throw-away cluster made with the {@code initdb}/{@code pg_ctl} in this dir. */
  record LocalBinaries(Path binDirectory) implements Decision {}

  private PostgresDiscovery() {}

  /**
   * Applies the discovery order.
   *
   * @param environment the process environment (or a fake one in tests)
   * @param dockerAvailable asked only when no URL is configured
   * @param localBinaries asked only when Docker is unavailable
   * @throws IllegalStateException when nothing is available, naming what to install
   */
  static Decision decide(
      Map<String, String> environment,
      BooleanSupplier dockerAvailable,
      Supplier<Optional<Path>> localBinaries) {
    String url = environment.get(URL_VARIABLE);
    if (url != null && !url.isBlank()) {
      PostgresDatabase maintenance =
          parseJdbcUrl(
              url.trim(),
              environment.getOrDefault(USER_VARIABLE, "postgres"),
              environment.getOrDefault(PASSWORD_VARIABLE, ""));
      log.info("PostgreSQL discovery step 1: using {} from {}", maintenance, URL_VARIABLE);
      return new ExternalServer(maintenance);
    }
    log.info("PostgreSQL discovery step 1: {} is not set", URL_VARIABLE);

    if (dockerAvailable.getAsBoolean()) {
      log.info("PostgreSQL discovery step 2: Docker engine available, using Testcontainers");
      return new DockerContainer();
    }
    log.info("PostgreSQL discovery step 2: no Docker engine answers, skipping Testcontainers");

    Optional<Path> binaries = localBinaries.get();
    if (binaries.isPresent()) {
      log.info("PostgreSQL discovery step 3: using local binaries in {}", binaries.get());
      return new LocalBinaries(binaries.get());
    }
    log.info("PostgreSQL discovery step 3: no initdb/pg_ctl found");
    throw new IllegalStateException(
        "No PostgreSQL for integration tests. Do one of: (a) install the server binaries, e.g."
            + " `apt-get install postgresql` (Debian/Ubuntu) or `brew install postgresql@15`"
            + " (macOS), or point "
            + PgBinaries.BIN_VARIABLE
            + " at the directory holding initdb and pg_ctl; (b) set "
            + URL_VARIABLE
            + "=jdbc:postgresql://host:port/db with "
            + USER_VARIABLE
            + "/"
            + PASSWORD_VARIABLE
            + " of a user allowed to CREATE DATABASE; (c) start a Docker engine so"
            + " Testcontainers can run postgres:15-alpine.");
  }

  /** Parses {@code jdbc:postgresql://host[:port]/database[?params]}. */
  static PostgresDatabase parseJdbcUrl(String jdbcUrl, String user, String password) {
    String prefix = "jdbc:postgresql://";
    if (!jdbcUrl.startsWith(prefix)) {
      throw new IllegalArgumentException(
          URL_VARIABLE + " must look like jdbc:postgresql://host:port/db but was " + jdbcUrl);
    }
    URI uri = URI.create("postgresql://" + jdbcUrl.substring(prefix.length()));
    String database = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
    if (uri.getHost() == null || database.isEmpty()) {
      throw new IllegalArgumentException(
          URL_VARIABLE
              + " must name a host and a database (jdbc:postgresql://host:port/db): "
              + jdbcUrl);
    }
    int port = uri.getPort() == -1 ? 5432 : uri.getPort();
    return new PostgresDatabase(database, uri.getHost(), port, user, password);
  }
}
