package io.calsync.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.calsync.emulator.push.Channel;
import io.calsync.emulator.push.Delivery;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 6, the push path: a Google edit reaches the CRM because Google notifies
 * calendar-connector's webhook, not because a poll came by. This class runs in its own Failsafe
 * execution ({@code push-path} in this module's pom) whose system polls every 5 minutes, so a
 * change that arrives within {@link #PUSHED} can only have come through a push notification.
 */
class PushNotificationIT {

  /**
   * The acceptance bound for a Google edit to reach the task through a push notification: far below
   * the poll interval of this execution, generous for Kafka hops through three services on a loaded
   * 2-core machine.
   */
  static final Duration PUSHED = Duration.ofSeconds(30);

  private static CalSyncSystem system;

  @BeforeAll
  static void startSystem() {
    assertThat(CalSyncSystem.PUSH).as("calsync.e2e.push").isTrue();
    assertThat(CalSyncSystem.POLL_INTERVAL)
        .as("calsync.e2e.poll-interval: polls must not be able to explain the bound")
        .isGreaterThanOrEqualTo(PUSHED.multipliedBy(5));
    system = CalSyncSystem.get();
  }

  @Test
  void anEventCreatedAndEditedInGoogle_reachesTheCrm_throughPushNotifications_withinTheBound() {
    TestUser user = TestUser.connected(system, "olga");
    // Connecting makes the connector sync at once and then open a channel; only later changes
    // can be pushed.
    await()
        .atMost(TestUser.SYNCED)
        .pollInterval(Duration.ofMillis(250))
        .until(() -> channelIds(user).size() == 1);
    long listed = user.googleCalls("events.list");

    String eventId =
        user.createEvent(EventMother.future("Call with Vandelay", null)).path("id").asText();
    JsonNode task = user.awaitOneTask("Call with Vandelay", PUSHED);

    user.patchEvent(eventId, Api.JSON.createObjectNode().put("summary", "Call with Vandelay (2)"));
    JsonNode renamed = user.awaitOneTask("Call with Vandelay (2)", PUSHED);
    assertThat(renamed.path("id").asText()).isEqualTo(task.path("id").asText());

    // Google notified the connector of each change and the connector accepted each notification;
    // a poll followed each one.
    List<Delivery> deliveries =
        system.google().control().deliveries().stream()
            .filter(delivery -> channelIds(user).contains(delivery.channelId()))
            .filter(delivery -> "exists".equals(delivery.resourceState()))
            .toList();
    assertThat(deliveries)
        .hasSize(2)
        .allSatisfy(delivery -> assertThat(delivery.status()).isEqualTo(200));
    assertThat(user.googleCalls("events.list")).isGreaterThanOrEqualTo(listed + 2);
  }

  private static Set<String> channelIds(TestUser user) {
    return system.google().control().channels().stream()
        .filter(channel -> user.account().equalsIgnoreCase(channel.account()))
        .map(Channel::id)
        .collect(Collectors.toSet());
  }
}
