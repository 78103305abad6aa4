package io.calsync.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A throw-away PostgreSQL cluster in a temp directory, made with the local {@code initdb} and
 * {@code pg_ctl} (discovery step 3). PostgreSQL refuses to run as root, so as root both run as the
 * {@code postgres} OS user. The cluster trusts every local connection and trades durability for
 * speed; it is stopped and deleted by a JVM shutdown hook.
 */
final class LocalPostgresCluster implements PostgresServer {

  private static final Logger log = LoggerFactory.getLogger(LocalPostgresCluster.class);
  private static final String DIRECTORY_PREFIX = "calsync-pg-";
  private static final String OWNER_PID_FILE = "owner.pid";
  private static final String OS_USER = "postgres";
  private static final String HOST = "127.0.0.1";
  private static final int START_ATTEMPTS = 3;

  private final Path binDirectory;
  private final boolean asRoot;
  private final Path baseDirectory;
  private final Path dataDirectory;
  private final int port;

  private LocalPostgresCluster(
      Path binDirectory, boolean asRoot, Path baseDirectory, Path dataDirectory, int port) {
    this.binDirectory = binDirectory;
    this.asRoot = asRoot;
    this.baseDirectory = baseDirectory;
    this.dataDirectory = dataDirectory;
    this.port = port;
  }

  static LocalPostgresCluster start(Path binDirectory) {
    boolean asRoot = OsCommands.runningAsRoot();
    removeClustersOfDeadJvms(binDirectory, asRoot);
    Path base = createBaseDirectory(asRoot);
    Path data = base.resolve("data");
    initdb(binDirectory, asRoot, base, data);

    IllegalStateException lastFailure = null;
    for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
      // Another process may take the port between picking and binding it: try a fresh one.
      int port = FreePorts.pick();
      LocalPostgresCluster cluster =
          new LocalPostgresCluster(binDirectory, asRoot, base, data, port);
      try {
        cluster.writeSettings();
        cluster.pgCtl("-w", "-t", "60", "-l", base.resolve("server.log").toString(), "start");
        Runtime.getRuntime()
            .addShutdownHook(new Thread(cluster::stopAndDelete, "calsync-postgres-shutdown"));
        log.info(
            "Started local PostgreSQL {} on {}:{} (data in {})", binDirectory, HOST, port, data);
        return cluster;
      } catch (IllegalStateException e) {
        lastFailure =
            new IllegalStateException(
                e.getMessage()
                    + "\nServer log ("
                    + base.resolve("server.log")
                    + "):\n"
                    + OsCommands.tail(base.resolve("server.log"), 40),
                e);
        log.warn("Local PostgreSQL did not start on port {} (attempt {})", port, attempt);
      }
    }
    OsCommands.deleteRecursively(base);
    throw lastFailure;
  }

  @Override
  public PostgresDatabase maintenanceDatabase() {
    return new PostgresDatabase("postgres", HOST, port, OS_USER, OS_USER);
  }

  @Override
  public String origin() {
    return "step 3: local PostgreSQL binaries in "
        + binDirectory
        + (asRoot ? " (run as OS user postgres)" : "")
        + ", throw-away cluster "
        + dataDirectory;
  }

  private static Path createBaseDirectory(boolean asRoot) {
    try {
      Path base = Files.createTempDirectory(DIRECTORY_PREFIX);
      Files.writeString(base.resolve(OWNER_PID_FILE), Long.toString(ProcessHandle.current().pid()));
      if (asRoot) {
        UserPrincipal postgres =
            base.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(OS_USER);
        Files.setOwner(base, postgres);
      }
      return base;
    } catch (IOException e) {
      throw new UncheckedIOException("Could not prepare a PostgreSQL directory", e);
    }
  }

  private static void initdb(Path bin, boolean asRoot, Path base, Path data) {
    List<String> command =
        List.of(
            bin.resolve("initdb").toString(),
            "-D",
            data.toString(),
            "-U",
            OS_USER,
            "--auth=trust",
            "--encoding=UTF8",
            "--locale=C",
            "--no-sync");
    try {
      OsCommands.run(asRoot ? OsCommands.asUser(OS_USER, command) : command, base, timeout());
    } catch (IllegalStateException e) {
      OsCommands.deleteRecursively(base);
      throw e;
    }
  }

  /**
   * Settings appended to postgresql.conf (the last value wins). Every Spring context opens its own
   * pool, hence the many connections; nothing here needs to survive a crash.
   */
  private void writeSettings() {
    String settings =
        String.join(
            "\n",
            "",
            "# calsync test-support",
            "listen_addresses = '" + HOST + "'",
            "port = " + port,
            "unix_socket_directories = '" + baseDirectory + "'",
            "max_connections = 300",
            "shared_buffers = 32MB",
            "fsync = off",
            "synchronous_commit = off",
            "full_page_writes = off",
            "log_min_messages = warning",
            "");
    try {
      Files.writeString(
          dataDirectory.resolve("postgresql.conf"),
          settings,
          StandardCharsets.UTF_8,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void stopAndDelete() {
    try {
      pgCtl("-m", "immediate", "stop");
    } catch (RuntimeException e) {
      log.warn("Could not stop local PostgreSQL in {}: {}", dataDirectory, e.getMessage());
    }
    try {
      OsCommands.deleteRecursively(baseDirectory);
    } catch (RuntimeException e) {
      log.warn("Could not delete {}: {}", baseDirectory, e.getMessage());
    }
  }

  private void pgCtl(String... arguments) {
    pgCtl(binDirectory, asRoot, baseDirectory, dataDirectory, arguments);
  }

  private static void pgCtl(
      Path bin, boolean asRoot, Path workingDirectory, Path data, String... arguments) {
    List<String> command = new ArrayList<>(List.of(bin.resolve("pg_ctl").toString(), "-D"));
    command.add(data.toString());
    command.addAll(List.of(arguments));
    OsCommands.run(
        asRoot ? OsCommands.asUser(OS_USER, command) : command, workingDirectory, timeout());
  }

  /**
   * A JVM killed with SIGKILL (e.g. a Failsafe fork timeout) cannot run its shutdown hook; its
   * cluster would run forever. Clusters whose owning JVM is gone are stopped and deleted here.
   */
  private static void removeClustersOfDeadJvms(Path bin, boolean asRoot) {
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(tmp, DIRECTORY_PREFIX + "*")) {
      for (Path dir : dirs) {
        Path ownerFile = dir.resolve(OWNER_PID_FILE);
        if (!Files.isRegularFile(ownerFile)) {
          continue;
        }
        long owner = Long.parseLong(Files.readString(ownerFile).trim());
        if (ProcessHandle.of(owner).map(ProcessHandle::isAlive).orElse(false)) {
          continue;
        }
        log.info("Removing PostgreSQL cluster {} left by dead JVM {}", dir, owner);
        Path data = dir.resolve("data");
        if (Files.exists(data.resolve("postmaster.pid"))) {
          try {
            pgCtl(bin, asRoot, dir, data, "-m", "immediate", "stop");
          } catch (RuntimeException e) {
            log.info("Stale cluster {} was not running: {}", dir, e.getMessage());
          }
        }
        OsCommands.deleteRecursively(dir);
      }
    } catch (IOException | RuntimeException e) {
      log.warn("Could not clean up stale PostgreSQL clusters in {}: {}", tmp, e.toString());
    }
  }

  private static Duration timeout() {
    return Duration.ofSeconds(120);
  }
}
