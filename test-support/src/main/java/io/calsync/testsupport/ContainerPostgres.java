package io.calsync.testsupport;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;

/** A {@code postgres:15-alpine} container (discovery step 2). */
final class ContainerPostgres implements PostgresServer {

  private static final Logger log = LoggerFactory.getLogger(ContainerPostgres.class);
  private static final long PROBE_TIMEOUT_SECONDS = 20;

  private final PostgreSQLContainer<?> container;

  private ContainerPostgres(PostgreSQLContainer<?> container) {
    this.container = container;
  }

  /**
   * Asks Testcontainers whether a Docker engine answers. A Docker client without an engine must
   * mean "no", quickly and without an exception, so the probe runs on a daemon thread with a
   * deadline and any failure counts as unavailable.
   */
  static boolean dockerAvailable() {
    FutureTask<Boolean> probe =
        new FutureTask<>(() -> DockerClientFactory.instance().isDockerAvailable());
    Thread thread = new Thread(probe, "calsync-docker-probe");
    thread.setDaemon(true);
    thread.start();
    try {
      return probe.get(PROBE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      log.info("Docker probe gave no answer within {} s", PROBE_TIMEOUT_SECONDS);
      probe.cancel(true);
      return false;
    } catch (ExecutionException e) {
      log.info("Docker probe failed: {}", e.getCause().toString());
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @SuppressWarnings("resource") // stopped by the shutdown hook (and Ryuk)
  static ContainerPostgres start() {
    PostgreSQLContainer<?> container =
        new PostgreSQLContainer<>("postgres:15-alpine")
            .withCommand("postgres", "-c", "max_connections=300", "-c", "fsync=off");
    container.start();
    Runtime.getRuntime()
        .addShutdownHook(new Thread(container::stop, "calsync-postgres-container-shutdown"));
    return new ContainerPostgres(container);
  }

  @Override
  public PostgresDatabase maintenanceDatabase() {
    return new PostgresDatabase(
        container.getDatabaseName(),
        container.getHost(),
        container.getMappedPort(PostgreSQLContainer.POSTGRESQL_PORT),
        container.getUsername(),
        container.getPassword());
  }

  @Override
  public String origin() {
    return "step 2: Testcontainers " + container.getDockerImageName();
  }
}
