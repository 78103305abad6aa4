package io.calsync.connector;

import io.calsync.contracts.Topics;
import io.calsync.contracts.calendar.DeleteEvent;
import io.calsync.testsupport.CalSyncTestInfrastructure;
import io.calsync.testsupport.PostgresDatabase;
import io.calsync.testsupport.conventions.ServiceConventions;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Boots calendar-connector against the shared Kafka broker and a fresh PostgreSQL database and runs
 * the {@link ServiceConventions} every service passes.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
// Its listeners must stop with the class: another IT class's commands are not for this context.
@DirtiesContext
class CalendarConnectorIT extends ServiceConventions {

  private static PostgresDatabase database;

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    database = CalSyncTestInfrastructure.register(registry, "connector");
  }

  @Override
  protected PostgresDatabase database() {
    return database;
  }

  @Override
  protected List<String> expectedTables() {
    return List.of("calendar_sync_state", "push_channel", "processed_message", "parked_command");
  }

  @Override
  protected List<String> declaredTopics() {
    return List.of(
        Topics.EVENT_CHANGES,
        Topics.COMMAND_RESULTS,
        Topics.CALENDAR_COMMANDS,
        Topics.CONNECTION_EVENTS,
        Topics.SYNC_REQUESTS);
  }

  @Override
  protected List<String> consumedTopics() {
    return List.of(Topics.CALENDAR_COMMANDS, Topics.CONNECTION_EVENTS, Topics.SYNC_REQUESTS);
  }

  @Override
  protected Optional<PoisonCase> poisonCase() {
    return Optional.of(
        new PoisonCase(
            Topics.CALENDAR_COMMANDS,
            "io.calsync.calendar.no-such.v1",
            CalendarConnectorIT::deleteCommand));
  }

  @Override
  protected String protectedPath() {
    return "/api/v1/sync/requests";
  }

  private static DeleteEvent deleteCommand(String userId) {
    return new DeleteEvent(
        UUID.randomUUID().toString(),
        userId,
        UUID.randomUUID().toString(),
        "primary",
        "calsync0123456789abcdef",
        "\"3329192381000000\"");
  }
}
