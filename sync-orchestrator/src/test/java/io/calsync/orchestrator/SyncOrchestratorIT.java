package io.calsync.orchestrator;

import io.calsync.contracts.Topics;
import io.calsync.contracts.task.Origins;
import io.calsync.contracts.task.TaskDeleted;
import io.calsync.contracts.task.TaskStatus;
import io.calsync.testsupport.CalSyncTestInfrastructure;
import io.calsync.testsupport.PostgresDatabase;
import io.calsync.testsupport.conventions.ServiceConventions;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Boots sync-orchestrator against the shared Kafka broker and a fresh PostgreSQL database and runs
 * the {@link ServiceConventions} every service passes.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
// Closed after the class: a context left running would keep consuming the shared topics and, with
// its own database, answer the next class's records a second time.
@DirtiesContext
class SyncOrchestratorIT extends ServiceConventions {

  private static PostgresDatabase database;

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    database = CalSyncTestInfrastructure.register(registry, "orchestrator");
    // Its own group: another test context of this JVM must not take partitions from this one.
    registry.add("spring.kafka.consumer.group-id", () -> "orchestrator-it-" + UUID.randomUUID());
  }

  @Override
  protected PostgresDatabase database() {
    return database;
  }

  @Override
  protected List<String> expectedTables() {
    return List.of(
        "link",
        "user_settings",
        "sync_history",
        "processed_message",
        "task_state",
        "calendar_command");
  }

  @Override
  protected List<String> declaredTopics() {
    return List.of(
        Topics.TASK_EVENTS,
        Topics.CALENDAR_COMMANDS,
        Topics.EVENT_CHANGES,
        Topics.COMMAND_RESULTS,
        Topics.CONNECTION_EVENTS,
        Topics.SYNC_REQUESTS);
  }

  @Override
  protected List<String> consumedTopics() {
    return List.of(
        Topics.TASK_EVENTS, Topics.EVENT_CHANGES, Topics.CONNECTION_EVENTS, Topics.COMMAND_RESULTS);
  }

  @Override
  protected Optional<PoisonCase> poisonCase() {
    return Optional.of(
        new PoisonCase(
            Topics.TASK_EVENTS, "io.calsync.task.no-such.v1", SyncOrchestratorIT::taskDeleted));
  }

  @Override
  protected String protectedPath() {
    return "/api/v1/sync/history";
  }

  private static TaskDeleted taskDeleted(String userId) {
    return new TaskDeleted(
        UUID.randomUUID().toString(),
        userId,
        "Call the customer",
        null,
        LocalDate.of(2026, 12, 1),
        LocalTime.of(9, 30),
        "Europe/Berlin",
        null,
        TaskStatus.OPEN,
        2,
        Instant.parse("2026-11-27T10:00:00Z"),
        Origins.CRM,
        null);
  }
}
