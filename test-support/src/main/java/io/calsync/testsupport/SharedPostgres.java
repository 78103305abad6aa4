package io.calsync.testsupport;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One PostgreSQL server per test JVM, found once by the discovery order of design §7 (see {@code
 * test-support/README.md}), on which every test gets databases of its own.
 */
public final class SharedPostgres {

  private static final Logger log = LoggerFactory.getLogger(SharedPostgres.class);
  private static final int MAX_IDENTIFIER_LENGTH = 63;
  private static final SecureRandom random = new SecureRandom();

  private static PostgresServer server;
  private static RuntimeException discoveryFailure;

  private SharedPostgres() {}

  /**
   * Creates an empty database {@code <prefix>_<random>}, unique per call, owned by the test user.
   *
   * @param namePrefix readable part of the name; characters other than {@code [a-z0-9_]} become
   *     {@code _}
   */
  public static PostgresDatabase freshDatabase(String namePrefix) {
    PostgresDatabase maintenance = server().maintenanceDatabase();
    String name = databaseName(namePrefix);
    try (Connection connection =
            DriverManager.getConnection(
                maintenance.jdbcUrl(), maintenance.username(), maintenance.password());
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE \"" + name + "\"");
    } catch (SQLException e) {
      throw new IllegalStateException(
          "Could not create database " + name + " on " + maintenance, e);
    }
    log.debug("Created database {} on {}", name, maintenance);
    return new PostgresDatabase(
        name,
        maintenance.host(),
        maintenance.port(),
        maintenance.username(),
        maintenance.password());
  }

  /** Which discovery step supplied the server; starts it if needed. */
  static String origin() {
    return server().origin();
  }

  static synchronized PostgresServer server() {
    if (discoveryFailure != null) {
      throw new IllegalStateException(
          "PostgreSQL for tests is unavailable (see first failure)", discoveryFailure);
    }
    if (server == null) {
      try {
        server = startDiscovered();
        log.info("Shared PostgreSQL for this JVM: {}", server.origin());
      } catch (RuntimeException e) {
        discoveryFailure = e;
        throw e;
      }
    }
    return server;
  }

  private static PostgresServer startDiscovered() {
    PostgresDiscovery.Decision decision =
        PostgresDiscovery.decide(
            System.getenv(),
            ContainerPostgres::dockerAvailable,
            () -> PgBinaries.locate(System.getenv(), PgBinaries.DEBIAN_ROOT));
    if (decision instanceof PostgresDiscovery.ExternalServer external) {
      return new ExternalPostgres(external.maintenanceDatabase());
    }
    if (decision instanceof PostgresDiscovery.LocalBinaries local) {
      return LocalPostgresCluster.start(local.binDirectory());
    }
    return ContainerPostgres.start();
  }

  static String databaseName(String namePrefix) {
    String prefix =
        namePrefix == null || namePrefix.isBlank()
            ? "test"
            : namePrefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    if (!Character.isLetter(prefix.charAt(0)) && prefix.charAt(0) != '_') {
      prefix = "db_" + prefix;
    }
    byte[] bytes = new byte[6];
    random.nextBytes(bytes);
    String suffix = "_" + HexFormat.of().formatHex(bytes);
    int room = MAX_IDENTIFIER_LENGTH - suffix.length();
    return (prefix.length() > room ? prefix.substring(0, room) : prefix) + suffix;
  }
}
