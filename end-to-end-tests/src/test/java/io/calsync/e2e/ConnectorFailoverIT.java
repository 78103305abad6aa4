package io.calsync.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.calsync.contracts.Topics;
import java.time.Duration;
import java.util.List;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 6 with two calendar-connector instances: Kafka splits the users between them (partitions of
 * the sync consumer group), and when one instance dies without a goodbye (SIGKILL) the other polls
 * its users within {@link #TAKEOVER}.
 */
// Last in its JVM: the killed instance stays a member of the connector's main consumer group (which
// executes calendar commands) until that group's session timeout (45 s), delaying the commands of
// half of the users for as long.
@Order(Integer.MAX_VALUE)
class ConnectorFailoverIT {

  /** calendar-connector's read-side consumer group ({@code calsync.sync.consumer-group}). */
  private static final String SYNC_GROUP = "calendar-connector-sync";

  /** {@code calsync.sync.session-timeout-ms}, the connector's default. */
  private static final Duration SESSION_TIMEOUT = Duration.ofSeconds(10);

  /**
   * The acceptance bound (docs/google-to-crm-connector.md, "Takeover bound"): the sync group's
   * session timeout, after which Kafka notices the dead instance, plus one poll interval (and its
   * 10 % jitter), after which the survivor has polled each user it took over; plus 20 s for the
   * rebalance and the replay of the compacted {@code sync.connection-events} on a loaded 2-core
   * machine.
   */
  static final Duration TAKEOVER =
      SESSION_TIMEOUT
          .plus(CalSyncSystem.POLL_INTERVAL.multipliedBy(11).dividedBy(10))
          .plusSeconds(20);

  private static final Logger log = LoggerFactory.getLogger(ConnectorFailoverIT.class);

  private static CalSyncSystem system;

  @BeforeAll
  static void startSystem() {
    system = CalSyncSystem.get();
  }

  @Test
  void theUsersOfAKilledConnectorInstance_arePolledByTheOther_withinTheBound() {
    // With two members the range assignor gives partitions 0-5 to one and 6-11 to the other: one
    // user in each half is one user per instance.
    TestUser first = userOnPartitions("quinn", partition -> partition < 6);
    TestUser second = userOnPartitions("rosa", partition -> partition >= 6);
    first.createEvent(EventMother.future("Site visit", null));
    second.createEvent(EventMother.future("Steering committee", null));
    first.awaitOneTask("Site visit");
    second.awaitOneTask("Steering committee");

    KafkaTopics kafka = new KafkaTopics(system);
    ServiceProcess another = system.startAnotherConnector("failover");
    await()
        .atMost(TestUser.SYNCED)
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () ->
                assertThat(kafka.assignment(SYNC_GROUP, Topics.CONNECTION_EVENTS).values())
                    .containsExactlyInAnyOrder(
                        List.of(0, 1, 2, 3, 4, 5), List.of(6, 7, 8, 9, 10, 11)));
    // Each instance polls its user (the new one its half after replaying the compacted topic).
    first.awaitPolls(2);
    second.awaitPolls(2);

    another.kill();
    long firstListed = first.googleCalls("events.list");
    long secondListed = second.googleCalls("events.list");
    long killed = System.nanoTime();
    await()
        .atMost(TAKEOVER)
        .pollInterval(Duration.ofMillis(200))
        .until(
            () ->
                first.googleCalls("events.list") > firstListed
                    && second.googleCalls("events.list") > secondListed);
    Duration takeover = Duration.ofNanos(System.nanoTime() - killed);
    assertThat(kafka.assignment(SYNC_GROUP, Topics.CONNECTION_EVENTS)).hasSize(1);

    // And what the dead instance's user changes in Google arrives (its push channel points at the
    // dead instance, so the survivor's polls bring it).
    String eventId = first.tasks().get(0).path("eventId").asText();
    first.patchEvent(eventId, Api.JSON.createObjectNode().put("summary", "Site visit (Tuesday)"));
    String otherEventId = second.tasks().get(0).path("eventId").asText();
    second.patchEvent(
        otherEventId, Api.JSON.createObjectNode().put("summary", "Steering committee (Q3)"));
    first.awaitOneTask("Site visit (Tuesday)", GoogleToCrmIT.GOOGLE_EDIT_ARRIVES);
    second.awaitOneTask("Steering committee (Q3)", GoogleToCrmIT.GOOGLE_EDIT_ARRIVES);
    log.info("Takeover after SIGKILL: {} ms (bound {})", takeover.toMillis(), TAKEOVER);
  }

  /** A connected user whose records go to a partition that {@code partitions} accepts. */
  private static TestUser userOnPartitions(String name, IntPredicate partitions) {
    for (int attempt = 0; attempt < 100; attempt++) {
      TestUser user = TestUser.create(system, name);
      if (partitions.test(KafkaTopics.partitionOf(user.id()))) {
        user.connect();
        return user;
      }
    }
    throw new IllegalStateException("No user id for the partitions after 100 attempts");
  }
}
