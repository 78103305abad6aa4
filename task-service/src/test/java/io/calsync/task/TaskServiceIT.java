package io.calsync.task;

import static org.assertj.core.api.Assertions.assertThat;

import io.calsync.contracts.Topics;
import io.calsync.contracts.task.UnlinkTaskFromEvent;
import io.calsync.testsupport.CalSyncTestInfrastructure;
import io.calsync.testsupport.PostgresDatabase;
import io.calsync.testsupport.conventions.ServiceConventions;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Boots task-service against the shared Kafka broker and a fresh PostgreSQL database and runs the
 * {@link ServiceConventions} every service passes, plus what only task-service has.
 */
@SpringBootTest(
    webEnvironment = WebEnvironment.RANDOM_PORT,
    // Another context consuming crm.task-commands in the same group would apply TaskCommandsIT's
    // commands to this test's database and publish them a second time.
    properties = "calsync.task-commands.auto-startup=false")
class TaskServiceIT extends ServiceConventions {

  private static PostgresDatabase database;

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    database = CalSyncTestInfrastructure.register(registry, "tasks");
  }

  @Override
  protected PostgresDatabase database() {
    return database;
  }

  @Override
  protected List<String> expectedTables() {
    return List.of("task", "outbox", "processed_message");
  }

  @Override
  protected List<String> declaredTopics() {
    return List.of(Topics.TASK_EVENTS, Topics.TASK_COMMANDS);
  }

  @Override
  protected List<String> consumedTopics() {
    return List.of(Topics.TASK_COMMANDS, Topics.CONNECTION_EVENTS);
  }

  @Override
  protected Optional<PoisonCase> poisonCase() {
    return Optional.of(
        new PoisonCase(
            Topics.TASK_COMMANDS, "io.calsync.task.no-such.v1", TaskServiceIT::unlinkCommand));
  }

  @Override
  protected String protectedPath() {
    return "/api/v1/tasks";
  }

  @Override
  protected List<String> expectedMetrics() {
    return List.of(
        "calsync_outbox_published_total",
        "calsync_outbox_backlog_rows",
        "calsync_outbox_lag_seconds",
        "calsync_outbox_relay_leader");
  }

  @Test
  void taskTableCarriesTheCalendarLink() {
    assertThat(
            database.queryStrings(
                "select column_name from information_schema.columns where table_name = 'task'"))
        .contains("calendar_id", "event_id", "unlinked_reason");
  }

  private static UnlinkTaskFromEvent unlinkCommand(String userId) {
    return new UnlinkTaskFromEvent(
        UUID.randomUUID().toString(),
        userId,
        UUID.randomUUID().toString(),
        "primary",
        "calsync0123456789abcdef",
        UnlinkTaskFromEvent.EVENT_DELETED);
  }
}
