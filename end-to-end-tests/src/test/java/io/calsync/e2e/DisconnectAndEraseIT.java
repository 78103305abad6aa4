package io.calsync.e2e;

import static io.calsync.e2e.TestUser.SYNCED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.calsync.e2e.CalSyncSystem.Service;
import io.calsync.testsupport.PostgresDatabase;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * "Disconnect and erase my data" through the four services as processes (docs/events.md, "Erasing a
 * user"): the events CalSync created are deleted in Google when the user asks for it, the user's
 * own events stay, and afterwards no row in any service's database mentions the user — checked over
 * every table and every column (the whole row as text), so a table added later that keeps a user id
 * fails this test unless it is erased too.
 */
class DisconnectAndEraseIT {

  /**
   * Tables that may mention an erased user, and why. Everything else in the four databases must
   * hold no row that mentions the user id anywhere.
   */
  private static final Map<Service, Set<String>> KEPT =
      Map.of(
          // The CRM's own records: CalSync clears what is its own about them (the event link).
          Service.TASK_SERVICE, Set.of("task"));

  private static CalSyncSystem system;

  @BeforeAll
  static void startSystem() {
    system = CalSyncSystem.get();
  }

  @Test
  void erase_deletesTheEventsCalSyncCreated_keepsTheUsersOwn_andLeavesNoRowAboutTheUser() {
    TestUser user = TestUser.connected(system, "sven");
    user.createTask(TaskMother.dueAt("Renewal call with Umbrella", "Bring the quote"));
    String created = user.awaitOneLiveEvent("Renewal call with Umbrella").path("id").asText();
    String own = user.createEvent(EventMother.future("Dentist", null)).path("id").asText();
    // The task of the user's own event carries its event link (a CRM task's link is CalSync's).
    user.awaitTasks(
        all -> all.size() == 2 && all.stream().anyMatch(task -> task.hasNonNull("eventId")),
        SYNCED);
    assertThat(rowsAbout(user.id()))
        .as("every service stores something about a synced user")
        .allSatisfy((service, rows) -> assertThat(rows).as(service.name()).isPositive());

    Api.Response erased =
        user.tokenServiceApi()
            .post("/api/v1/connections/google/erasures", Map.of("deleteCreatedEvents", true));
    assertThat(erased.status()).as(erased.toString()).isEqualTo(202);

    await()
        .atMost(SYNCED)
        .untilAsserted(
            () ->
                assertThat(rowsAbout(user.id()))
                    .allSatisfy((service, rows) -> assertThat(rows).as(service.name()).isZero()));
    JsonNode createdEvent = system.google().control().event(user.account(), created);
    assertThat(createdEvent.path("status").asText())
        .as("the event CalSync created")
        .isEqualTo("cancelled");
    assertThat(system.google().control().event(user.account(), own).path("status").asText())
        .as("the user's own event")
        .isEqualTo("confirmed");
    assertThat(user.tasks())
        .as("the CRM keeps its tasks, without their events")
        .hasSize(2)
        .allSatisfy(task -> assertThat(task.hasNonNull("eventId")).as(task.toString()).isFalse());
    assertThat(user.history()).isEmpty();
  }

  /** Per service: the rows of its tables (the kept ones aside) that mention {@code userId}. */
  private static Map<Service, Long> rowsAbout(String userId) {
    assertThat(userId).matches("[A-Za-z0-9-]+");
    Map<Service, Long> rows = new EnumMap<>(Service.class);
    for (Service service : Service.values()) {
      PostgresDatabase database = system.database(service);
      Map<String, Long> perTable = new TreeMap<>();
      for (String table : database.tableNames()) {
        if (table.startsWith("flyway_") || KEPT.getOrDefault(service, Set.of()).contains(table)) {
          continue;
        }
        long count =
            Long.parseLong(
                database
                    .queryStrings(
                        "SELECT count(*) FROM \""
                            + table
                            + "\" t WHERE t::text LIKE '%"
                            + userId
                            + "%'")
                    .get(0));
        perTable.put(table, count);
      }
      rows.put(service, perTable.values().stream().mapToLong(Long::longValue).sum());
    }
    return rows;
  }
}
