package io.calsync.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node KRaft Kafka broker in a separate OS process ({@code java -cp <this JVM's classpath>
 * kafka.Kafka server.properties}), for tests that must kill or restart the broker. Its output goes
 * to {@code target/standalone-kafka/broker-<port>.log}; failures quote its tail.
 *
 * <p>Every write is flushed to disk before it is acknowledged ({@code
 * log.flush.interval.messages=1}), so records acknowledged with {@code acks=all} survive {@link
 * #killHard()}.
 */
public final class StandaloneKafkaBroker implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(StandaloneKafkaBroker.class);
  private static final String HOST = "127.0.0.1";
  private static final String DIRECTORY_PREFIX = "calsync-kafka-";
  private static final String OWNER_PID_FILE = "owner.pid";
  private static final String BROKER_PID_FILE = "broker.pid";
  private static final String FORMAT_MAIN_CLASS = "kafka.tools.StorageTool";
  private static final String BROKER_MAIN_CLASS = "kafka.Kafka";
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
  private static final int START_ATTEMPTS = 3;

  private final Path directory;
  private final Path propertiesFile;
  private final Path logFile;
  private final int port;
  private final Thread shutdownHook;
  private Process process;
  private boolean closed;

  private StandaloneKafkaBroker(Path directory, int port, int controllerPort) {
    this.directory = directory;
    this.port = port;
    this.propertiesFile = directory.resolve("server.properties");
    this.logFile = logDirectory(directory).resolve("broker-" + port + ".log");
    this.shutdownHook = new Thread(this::stopAndDelete, "calsync-standalone-kafka-shutdown");
    writeServerProperties(controllerPort);
  }

  /** Starts a broker on free ports with a log dir of its own, and waits until it answers. */
  public static StandaloneKafkaBroker start() {
    removeBrokersOfDeadJvms();
    Path directory = createDirectory();
    writeClasspathArgumentFile(directory);
    RuntimeException lastFailure = null;
    for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
      // Another process may take a port between picking and binding it: retry with fresh ones.
      int port = FreePorts.pick();
      int controllerPort = FreePorts.pick();
      if (controllerPort == port) {
        continue;
      }
      StandaloneKafkaBroker broker = new StandaloneKafkaBroker(directory, port, controllerPort);
      try {
        broker.formatStorage();
        Runtime.getRuntime().addShutdownHook(broker.shutdownHook);
        broker.launchAndAwaitReady();
        return broker;
      } catch (RuntimeException e) {
        lastFailure = e;
        log.warn("Standalone Kafka did not start on port {} (attempt {})", port, attempt);
        broker.stopQuietly();
        Runtime.getRuntime().removeShutdownHook(broker.shutdownHook);
        OsCommands.deleteRecursively(directory.resolve("logs"));
      }
    }
    OsCommands.deleteRecursively(directory);
    throw lastFailure;
  }

  /** {@code host:port} of the broker, for {@code bootstrap.servers}. */
  public String bootstrapServers() {
    return HOST + ":" + port;
  }

  /** Kills the broker process (SIGKILL, no clean shutdown) and returns once it is dead. */
  public synchronized void killHard() {
    if (process == null) {
      return;
    }
    ProcessHandle handle = process.toHandle();
    handle.descendants().forEach(ProcessHandle::destroyForcibly);
    handle.destroyForcibly();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("Broker process " + handle.pid() + " did not die");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while killing " + this, e);
    }
    log.info("Killed standalone Kafka {} (pid {}, exit {})", port, handle.pid(), exitValue());
    process = null;
  }

  /**
   * Starts the broker again on the same port with the same log dir, killing it first if it still
   * runs, and waits until it answers.
   */
  public synchronized void restart() {
    if (closed) {
      throw new IllegalStateException(this + " is closed");
    }
    killHard();
    launchAndAwaitReady();
  }

  /** Stops the broker and deletes its log dir. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    stopAndDelete();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException alreadyShuttingDown) {
      // The hook runs or ran anyway.
    }
  }

  @Override
  public String toString() {
    return "StandaloneKafkaBroker[" + bootstrapServers() + ", " + directory + "]";
  }

  private synchronized void launchAndAwaitReady() {
    long started = System.nanoTime();
    process = launch(BROKER_MAIN_CLASS, propertiesFile.toString());
    writePid(process.pid());
    awaitReady();
    log.info(
        "Standalone Kafka at {} ready in {} ms (pid {}, output in {})",
        bootstrapServers(),
        (System.nanoTime() - started) / 1_000_000,
        process.pid(),
        logFile);
  }

  private void formatStorage() {
    Process format =
        launch(
            FORMAT_MAIN_CLASS,
            "format",
            "--cluster-id",
            Uuid.randomUuid().toString(),
            "--config",
            propertiesFile.toString());
    try {
      if (!format.waitFor(READY_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        format.destroyForcibly().waitFor();
        throw failure("Formatting the KRaft storage timed out");
      }
      if (format.exitValue() != 0) {
        throw failure("Formatting the KRaft storage failed with exit " + format.exitValue());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while formatting " + directory, e);
    }
  }

  private Process launch(String mainClass, String... arguments) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(
        List.of(
            "-Xms64m",
            "-Xmx512m",
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            "-Djava.awt.headless=true",
            "-Dlogback.configurationFile=" + writeLogbackConfig(),
            "@" + directory.resolve("classpath.args")));
    command.add(mainClass);
    command.addAll(List.of(arguments));
    try {
      Files.writeString(
          logFile,
          "==== " + java.time.Instant.now() + " " + String.join(" ", command) + "\n",
          StandardCharsets.UTF_8,
          java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
      return new ProcessBuilder(command)
          .directory(directory.toFile())
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException("Could not launch " + mainClass, e);
    }
  }

  private void awaitReady() {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    awaitListening(deadline);
    try (Admin admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000",
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "2000",
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "200"))) {
      while (true) {
        if (!process.isAlive()) {
          throw failure("Broker process exited with " + process.exitValue());
        }
        try {
          var cluster = admin.describeCluster(new DescribeClusterOptions().timeoutMs(2000));
          if (!cluster.nodes().get(3, TimeUnit.SECONDS).isEmpty()
              && cluster.controller().get(3, TimeUnit.SECONDS) != null) {
            return;
          }
        } catch (Exception notYet) {
          if (notYet instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for " + this, notYet);
          }
        }
        if (System.nanoTime() > deadline) {
          throw failure("Broker did not answer within " + READY_TIMEOUT);
        }
        Thread.sleep(200);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for " + this, e);
    }
  }

  /**
   * Waits until the listener accepts TCP connections before asking with an admin client, whose
   * connection failures would otherwise fill the test log with warnings.
   */
  private void awaitListening(long deadline) {
    while (true) {
      if (!process.isAlive()) {
        throw failure("Broker process exited with " + process.exitValue());
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(HOST, port), 1000);
        return;
      } catch (IOException notYet) {
        if (System.nanoTime() > deadline) {
          throw failure("Broker did not listen on " + port + " within " + READY_TIMEOUT);
        }
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while waiting for " + this, e);
      }
    }
  }

  private synchronized void stopAndDelete() {
    stopQuietly();
    try {
      OsCommands.deleteRecursively(directory);
    } catch (RuntimeException e) {
      log.warn("Could not delete {}: {}", directory, e.toString());
    }
  }

  private synchronized void stopQuietly() {
    try {
      if (process != null && process.isAlive()) {
        // SIGTERM lets Kafka shut down cleanly; a broker stuck in shutdown is killed.
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
          killHard();
        }
      }
      process = null;
    } catch (RuntimeException e) {
      log.warn("Could not stop {}: {}", this, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private IllegalStateException failure(String message) {
    return new IllegalStateException(
        message
            + " ("
            + this
            + "). Last lines of "
            + logFile
            + ":\n"
            + OsCommands.tail(logFile, 60));
  }

  private int exitValue() {
    return process == null || process.isAlive() ? -1 : process.exitValue();
  }

  /**
   * KRaft combined mode: this one node is broker and sole controller. Replication factors are 1
   * because there is one node.
   */
  private void writeServerProperties(int controllerPort) {
    String properties =
        String.join(
            "\n",
            "process.roles=broker,controller",
            "node.id=1",
            "controller.quorum.voters=1@" + HOST + ":" + controllerPort,
            "listeners=PLAINTEXT://"
                + HOST
                + ":"
                + port
                + ",CONTROLLER://"
                + HOST
                + ":"
                + controllerPort,
            "advertised.listeners=PLAINTEXT://" + HOST + ":" + port,
            "controller.listener.names=CONTROLLER",
            "inter.broker.listener.name=PLAINTEXT",
            "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
            "log.dirs=" + directory.resolve("logs"),
            "num.partitions=1",
            "auto.create.topics.enable=true",
            "offsets.topic.replication.factor=1",
            "offsets.topic.num.partitions=5",
            "transaction.state.log.replication.factor=1",
            "transaction.state.log.min.isr=1",
            "transaction.state.log.num.partitions=5",
            "group.initial.rebalance.delay.ms=0",
            "log.flush.interval.messages=1",
            // After killHard the restarted controller still holds the dead incarnation's
            // registration until its session expires (default 9 s); a short session makes the
            // restarted broker register sooner.
            "broker.session.timeout.ms=3000",
            "broker.heartbeat.interval.ms=500",
            "");
    try {
      Files.writeString(propertiesFile, properties, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String writeLogbackConfig() {
    Path config = directory.resolve("logback.xml");
    if (!Files.exists(config)) {
      try {
        Files.writeString(
            config,
            """
            <configuration>
              <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
                <encoder><pattern>%d{HH:mm:ss.SSS} %-5level [%thread] %logger{30} - %msg%n</pattern></encoder>
              </appender>
              <logger name="kafka" level="INFO"/>
              <logger name="org.apache.kafka" level="INFO"/>
              <root level="WARN"><appender-ref ref="OUT"/></root>
            </configuration>
            """,
            StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return config.toString();
  }

  private void writePid(long pid) {
    try {
      Files.writeString(directory.resolve(BROKER_PID_FILE), Long.toString(pid));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path createDirectory() {
    try {
      Path directory = Files.createTempDirectory(DIRECTORY_PREFIX);
      Files.writeString(
          directory.resolve(OWNER_PID_FILE), Long.toString(ProcessHandle.current().pid()));
      return directory;
    } catch (IOException e) {
      throw new UncheckedIOException("Could not create a Kafka log directory", e);
    }
  }

  /**
   * The child gets this JVM's classpath through an argument file: test classpaths can exceed the OS
   * limit for one command-line argument. Under Surefire/Failsafe {@code java.class.path} may be a
   * manifest-only booter jar, so the test classpath Surefire publishes is preferred.
   */
  private static void writeClasspathArgumentFile(Path directory) {
    String classpath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    String quoted = "\"" + classpath.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    try {
      Files.writeString(
          directory.resolve("classpath.args"), "-cp\n" + quoted + "\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path logDirectory(Path fallback) {
    Path target = Path.of(System.getProperty("user.dir"), "target");
    Path directory = Files.isDirectory(target) ? target.resolve("standalone-kafka") : fallback;
    try {
      return Files.createDirectories(directory);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A test JVM killed with SIGKILL cannot run its shutdown hook, so its broker process would live
   * on. Brokers whose owning JVM is gone are killed and their directories deleted here.
   */
  private static void removeBrokersOfDeadJvms() {
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(tmp, DIRECTORY_PREFIX + "*")) {
      for (Path dir : dirs) {
        Path ownerFile = dir.resolve(OWNER_PID_FILE);
        if (!Files.isRegularFile(ownerFile)
            || ProcessHandle.of(readPid(ownerFile)).map(ProcessHandle::isAlive).orElse(false)) {
          continue;
        }
        Path brokerFile = dir.resolve(BROKER_PID_FILE);
        if (Files.isRegularFile(brokerFile)) {
          ProcessHandle.of(readPid(brokerFile))
              .filter(
                  broker ->
                      broker
                          .info()
                          .commandLine()
                          .map(line -> line.contains(dir + File.separator))
                          .orElse(false))
              .ifPresent(
                  broker -> {
                    log.info("Killing standalone Kafka {} left by a dead JVM", broker.pid());
                    broker.destroyForcibly();
                  });
        }
        OsCommands.deleteRecursively(dir);
      }
    } catch (IOException | RuntimeException e) {
      log.warn("Could not clean up stale Kafka brokers in {}: {}", tmp, e.toString());
    }
  }

  private static long readPid(Path file) throws IOException {
    return Long.parseLong(Files.readString(file).trim());
  }
}
