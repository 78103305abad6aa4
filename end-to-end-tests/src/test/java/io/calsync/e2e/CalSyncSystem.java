package io.calsync.e2e;

import io.calsync.emulator.GoogleEmulator;
import io.calsync.testsupport.PostgresDatabase;
import io.calsync.testsupport.SharedKafka;
import io.calsync.testsupport.SharedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole CalSync system, started once per test JVM and shared by every test class in it: the
 * Google emulator in-process, a real Kafka broker ({@link SharedKafka}), one fresh PostgreSQL
 * database per service ({@link SharedPostgres}) and the four services as child JVMs started from
 * their jars and configured through environment variables only, exactly as bin/calsync-local and
 * the Kubernetes manifests configure them. Everything is stopped when the test JVM exits.
 *
 * <p>Tests share the services, the broker and the emulator, so each test uses user ids and Google
 * accounts of its own ({@link #newUserId}, {@link #newGoogleAccount}).
 */
public final class CalSyncSystem {

  /** A service of the system with its module name. */
  public enum Service {
    TOKEN_SERVICE("token-service"),
    TASK_SERVICE("task-service"),
    CALENDAR_CONNECTOR("calendar-connector"),
    SYNC_ORCHESTRATOR("sync-orchestrator");

    private final String module;

    Service(String module) {
      this.module = module;
    }

    public String module() {
      return module;
    }
  }

  /** The OAuth client token-service is registered as at the emulator. */
  static final String GOOGLE_CLIENT_ID = "calsync-e2e";

  static final String CALLBACK_PATH = "/oauth2/callback/google";

  /**
   * How often calendar-connector polls each connected user's calendar: 2 s by default so tests of
   * the polling path finish quickly; {@code -Dcalsync.e2e.poll-interval=PT60S} gives the production
   * default (benchmarks, push-only measurements).
   */
  public static final Duration POLL_INTERVAL =
      Optional.ofNullable(System.getProperty("calsync.e2e.poll-interval"))
          .map(Duration::parse)
          .orElse(Duration.ofSeconds(2));

  /**
   * Whether calendar-connector opens push channels (its webhook URL is set); {@code
   * -Dcalsync.e2e.push=false} leaves it unset, so Google changes arrive by polling only.
   */
  public static final boolean PUSH =
      Boolean.parseBoolean(System.getProperty("calsync.e2e.push", "true"));

  private static final Logger log = LoggerFactory.getLogger(CalSyncSystem.class);
  private static final SecureRandom random = new SecureRandom();
  private static final Duration DEFAULT_START_TIMEOUT = Duration.ofMinutes(6);
  private static final Duration STOP_GRACE = Duration.ofSeconds(15);
  private static final String PID_FILE = "service.pids";

  private static CalSyncSystem instance;
  private static RuntimeException startFailure;

  private final GoogleEmulator google;
  private final String kafkaBootstrapServers;
  private final Jwts jwts;
  private final Map<Service, ServiceProcess> services;
  private final Path logs;
  private final Duration startDuration;
  private final Path connectorJar;
  private final Map<String, String> connectorEnvironment;

  /** Every process started, stopped by the shutdown hook. */
  private final List<ServiceProcess> everyProcess;

  private final Map<Service, PostgresDatabase> databases;

  private CalSyncSystem(
      GoogleEmulator google,
      String kafkaBootstrapServers,
      Jwts jwts,
      Map<Service, ServiceProcess> services,
      Path logs,
      Duration startDuration,
      Path connectorJar,
      Map<String, String> connectorEnvironment,
      List<ServiceProcess> everyProcess,
      Map<Service, PostgresDatabase> databases) {
    this.google = google;
    this.kafkaBootstrapServers = kafkaBootstrapServers;
    this.jwts = jwts;
    this.services = services;
    this.logs = logs;
    this.startDuration = startDuration;
    this.connectorJar = connectorJar;
    this.connectorEnvironment = connectorEnvironment;
    this.everyProcess = everyProcess;
    this.databases = databases;
  }

  /** The service's own database, for tests that check what it stores (e.g. after an erase). */
  public PostgresDatabase database(Service service) {
    return databases.get(service);
  }

  /** The running system; the first call starts it (a minute or two on a busy 2-core machine). */
  public static synchronized CalSyncSystem get() {
    if (startFailure != null) {
      throw new IllegalStateException(
          "The system failed to start (see first failure)", startFailure);
    }
    if (instance == null) {
      try {
        instance = start();
      } catch (RuntimeException e) {
        startFailure = e;
        throw e;
      }
    }
    return instance;
  }

  public String url(Service service) {
    return services.get(service).baseUrl();
  }

  public String tokenServiceUrl() {
    return url(Service.TOKEN_SERVICE);
  }

  public String taskServiceUrl() {
    return url(Service.TASK_SERVICE);
  }

  public String calendarConnectorUrl() {
    return url(Service.CALENDAR_CONNECTOR);
  }

  public String syncOrchestratorUrl() {
    return url(Service.SYNC_ORCHESTRATOR);
  }

  /** {@code host:port} of the broker every service uses. */
  public String kafkaBootstrapServers() {
    return kafkaBootstrapServers;
  }

  /** The in-process emulator: call counts, the user's side of Google, faults. */
  public GoogleEmulator google() {
    return google;
  }

  /** Mints bearer tokens the services accept. */
  public Jwts jwts() {
    return jwts;
  }

  /** Where the services' logs are: {@code target/e2e-logs/<module>.log}. */
  public Path logs() {
    return logs;
  }

  public boolean isAlive(Service service) {
    return services.get(service).isAlive();
  }

  /** How long the first {@link #get()} took. */
  public Duration startDuration() {
    return startDuration;
  }

  /**
   * Starts one more calendar-connector instance, configured like the first (same database, same
   * consumer groups, its own port and webhook URL), and waits until it is ready. Kafka then splits
   * the user-keyed partitions, and so the users, between the instances. The instance is stopped
   * with the system unless the test kills it first ({@link ServiceProcess#kill()}).
   */
  public synchronized ServiceProcess startAnotherConnector(String name) {
    int port = freePort();
    Map<String, String> env = new HashMap<>(connectorEnvironment);
    if (env.containsKey("PUSH_WEBHOOK_URL")) {
      env.put("PUSH_WEBHOOK_URL", "http://localhost:" + port + "/webhooks/google/calendar");
    }
    ServiceProcess process =
        ServiceProcess.start("calendar-connector-" + name, connectorJar, port, env, logs);
    everyProcess.add(process);
    appendPid(logs.resolve(PID_FILE), process);
    process.awaitReady(DEFAULT_START_TIMEOUT);
    log.info("{} is ready at {} (log: {})", process.name(), process.baseUrl(), process.log());
    return process;
  }

  /** The tail of a service's log, for assertion messages. */
  public String logTail(Service service) {
    return services.get(service).tail();
  }

  /** A CRM user id no other test uses. */
  public static String newUserId(String name) {
    return name + "-" + HexFormat.of().formatHex(randomBytes(4));
  }

  /** A Google account, added to the emulator, that no other test uses. */
  public String newGoogleAccount(String name) {
    String email = name + "-" + HexFormat.of().formatHex(randomBytes(4)) + "@example.com";
    google.addAccount(email);
    return email;
  }

  private static CalSyncSystem start() {
    long started = System.nanoTime();
    Path root = Path.of(System.getProperty("calsync.e2e.root", "..")).toAbsolutePath().normalize();
    Path build =
        Path.of(System.getProperty("calsync.e2e.build-directory", "target")).toAbsolutePath();
    String version = System.getProperty("calsync.e2e.version", "0.1.0-SNAPSHOT");
    Path localRepository =
        Path.of(
            System.getProperty(
                "calsync.e2e.local-repository",
                Path.of(System.getProperty("user.home"), ".m2", "repository").toString()));
    Duration startTimeout =
        Optional.ofNullable(System.getProperty("calsync.e2e.start-timeout"))
            .map(Duration::parse)
            .orElse(DEFAULT_START_TIMEOUT);
    Path logs = build.resolve("e2e-logs");
    Path pidFile = logs.resolve(PID_FILE);
    killLeftovers(pidFile);

    // Fail fast on a missing jar, before anything is started.
    ServiceJars jars = new ServiceJars(root, localRepository, version, build.resolve("e2e-jars"));
    Map<Service, Path> jarOf = new EnumMap<>(Service.class);
    for (Service service : Service.values()) {
      jarOf.put(service, jars.stableCopy(service.module()));
    }

    Map<Service, Integer> ports = new EnumMap<>(Service.class);
    for (Service service : Service.values()) {
      ports.put(service, freePort());
    }
    String tokenServiceUrl = "http://localhost:" + ports.get(Service.TOKEN_SERVICE);
    String callback = tokenServiceUrl + CALLBACK_PATH;
    String returnPage = tokenServiceUrl + "/";

    String kafka = SharedKafka.bootstrapServers();
    GoogleEmulator google = GoogleEmulator.start();
    String clientSecret = HexFormat.of().formatHex(randomBytes(16));
    google.registerClient(GOOGLE_CLIENT_ID, clientSecret, callback);
    String jwtSecret = HexFormat.of().formatHex(randomBytes(32));

    Map<Service, Map<String, String>> environment = new EnumMap<>(Service.class);
    Map<Service, PostgresDatabase> databases = new EnumMap<>(Service.class);
    for (Service service : Service.values()) {
      PostgresDatabase database = SharedPostgres.freshDatabase("e2e_" + service.module());
      databases.put(service, database);
      Map<String, String> env = new HashMap<>();
      env.put("DB_HOST", database.host());
      env.put("DB_PORT", Integer.toString(database.port()));
      env.put("DB_NAME", database.name());
      env.put("DB_USER", database.username());
      // The throw-away cluster trusts local connections; R2DBC still wants a non-empty value.
      env.put(
          "DB_PASSWORD",
          database.password() == null || database.password().isEmpty()
              ? "unused"
              : database.password());
      env.put("KAFKA_BOOTSTRAP_SERVERS", kafka);
      env.put("CALSYNC_JWT_SECRET", jwtSecret);
      env.put("GOOGLE_EMULATOR_URL", google.baseUrl());
      environment.put(service, env);
    }
    Map<String, String> token = environment.get(Service.TOKEN_SERVICE);
    token.put("GOOGLE_CLIENT_ID", GOOGLE_CLIENT_ID);
    token.put("GOOGLE_CLIENT_SECRET", clientSecret);
    // Production settings: no development profile, every secret one of this run's own (a
    // published development value would stop the services at start-up).
    token.put("CALSYNC_OAUTH_STATE_SIGNING_KEY", HexFormat.of().formatHex(randomBytes(32)));
    token.put("CALSYNC_TOKEN_ENCRYPTION_KEY_ID", "e2e");
    token.put(
        "CALSYNC_TOKENS_ENCRYPTION_KEYS_E2E", Base64.getEncoder().encodeToString(randomBytes(32)));
    token.put("GOOGLE_REDIRECT_URI", callback);
    token.put("GOOGLE_ALLOWED_REDIRECT_URIS", callback + "," + returnPage);
    token.put("CALSYNC_OAUTH_RETURN_URL", returnPage);
    // "Disconnect and erase" asks the connector to clean up in Google first.
    token.put("CONNECTOR_URL", "http://localhost:" + ports.get(Service.CALENDAR_CONNECTOR));
    token.put(
        "CALSYNC_SYNC_HISTORY_URL",
        "http://localhost:" + ports.get(Service.SYNC_ORCHESTRATOR) + "/api/v1/sync/history");
    Map<String, String> connector = environment.get(Service.CALENDAR_CONNECTOR);
    connector.put("GOOGLE_CALENDAR_ROOT_URL", google.calendarRootUrl());
    connector.put("TOKEN_SERVICE_URL", tokenServiceUrl);
    // Google edits reach the CRM within seconds: short polls, and push notifications to the
    // connector's webhook (the emulator delivers them over plain HTTP).
    connector.put("SYNC_POLL_INTERVAL", POLL_INTERVAL.toMillis() + "ms");
    if (PUSH) {
      connector.put(
          "PUSH_WEBHOOK_URL",
          "http://localhost:"
              + ports.get(Service.CALENDAR_CONNECTOR)
              + "/webhooks/google/calendar");
    }
    environment.get(Service.SYNC_ORCHESTRATOR).put("CALSYNC_CORS_ALLOWED_ORIGINS", tokenServiceUrl);

    Map<Service, ServiceProcess> services = new EnumMap<>(Service.class);
    List<ServiceProcess> everyProcess = new CopyOnWriteArrayList<>();
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> stopAll(everyProcess), "calsync-e2e-shutdown"));
    for (Service service : Service.values()) {
      services.put(
          service,
          ServiceProcess.start(
              service.module(),
              jarOf.get(service),
              ports.get(service),
              environment.get(service),
              logs));
    }
    everyProcess.addAll(services.values());
    writePids(pidFile, services.values());
    for (ServiceProcess process : services.values()) {
      process.awaitReady(startTimeout);
      log.info("{} is ready at {} (log: {})", process.name(), process.baseUrl(), process.log());
    }
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    log.info("CalSync system started in {} s; logs in {}", took.toSeconds(), logs);
    return new CalSyncSystem(
        google,
        kafka,
        new Jwts(jwtSecret),
        services,
        logs,
        took,
        jarOf.get(Service.CALENDAR_CONNECTOR),
        Map.copyOf(connector),
        everyProcess,
        databases);
  }

  private static void stopAll(Iterable<ServiceProcess> services) {
    List<Thread> stopping = new ArrayList<>();
    for (ServiceProcess process : services) {
      Thread thread = new Thread(() -> process.stop(STOP_GRACE), "stop-" + process.name());
      thread.start();
      stopping.add(thread);
    }
    for (Thread thread : stopping) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Services of a test JVM that was killed (no shutdown hook ran) would hold memory and ports. */
  private static void killLeftovers(Path pidFile) {
    if (!Files.isRegularFile(pidFile)) {
      return;
    }
    try {
      for (String line : Files.readAllLines(pidFile, StandardCharsets.UTF_8)) {
        if (line.isBlank()) {
          continue;
        }
        ProcessHandle.of(Long.parseLong(line.trim()))
            .filter(
                handle ->
                    handle.info().commandLine().map(c -> c.contains("e2e-jars")).orElse(false))
            .ifPresent(
                handle -> {
                  log.warn("Killing service process {} left by an earlier test run", handle.pid());
                  handle.destroyForcibly();
                });
      }
      Files.delete(pidFile);
    } catch (IOException | NumberFormatException e) {
      log.warn("Could not read {}: {}", pidFile, e.toString());
    }
  }

  private static void appendPid(Path pidFile, ServiceProcess process) {
    try {
      Files.writeString(
          pidFile,
          process.pid() + System.lineSeparator(),
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void writePids(Path pidFile, Iterable<ServiceProcess> services) {
    List<String> pids = new ArrayList<>();
    services.forEach(process -> pids.add(Long.toString(process.pid())));
    try {
      Files.write(pidFile, pids, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("No free TCP port", e);
    }
  }

  private static byte[] randomBytes(int count) {
    byte[] bytes = new byte[count];
    random.nextBytes(bytes);
    return bytes;
  }
}
