package io.calsync.connector.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.calsync.connector.CalendarConnectorApplication;
import io.calsync.connector.commands.TestTokenService;
import io.calsync.connector.commands.TopicRecorder;
import io.calsync.connector.sync.SyncFixture.User;
import io.calsync.contracts.Topics;
import io.calsync.emulator.GoogleEmulator;
import io.calsync.testsupport.CalSyncTestInfrastructure;
import io.calsync.testsupport.PostgresDatabase;
import io.calsync.testsupport.ServiceInstances;
import io.calsync.testsupport.SharedPostgres;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Two connector instances in one consumer group split the users by partition, and the survivor
 * takes over the users of a closed instance within session timeout + poll interval.
 */
class SyncPartitioningIT {

  private static final String SECRET = "sync-partitioning-it-secret-of-at-least-32-bytes";
  private static final int SESSION_TIMEOUT_SECONDS = 10;
  private static final int INTERVAL_SECONDS = 3;

  /** The stated bound (session timeout + interval with jitter) plus room for a busy machine. */
  private static final Duration TAKEOVER_BOUND =
      Duration.ofSeconds(SESSION_TIMEOUT_SECONDS + INTERVAL_SECONDS + 1 + 15);

  private static final GoogleEmulator google = GoogleEmulator.start();
  private static final TestTokenService tokenService = TestTokenService.start(google, SECRET);
  private static PostgresDatabase database;
  private static TopicRecorder recorder;
  private static SyncFixture fixture;
  private static ConfigurableApplicationContext first;
  private static ConfigurableApplicationContext second;

  @BeforeAll
  static void startTwoInstances() {
    database = SharedPostgres.freshDatabase("connector_partitioning");
    first = instance();
    second = instance();
    recorder = TopicRecorder.start(Topics.EVENT_CHANGES);
    fixture = new SyncFixture(google, tokenService, database, recorder);
  }

  @AfterAll
  static void stop() throws InterruptedException {
    for (ConfigurableApplicationContext context :
        new ConfigurableApplicationContext[] {first, second}) {
      if (context != null && context.isActive()) {
        context.close();
      }
    }
    if (recorder != null) {
      recorder.close();
    }
    tokenService.close();
    google.close();
  }

  @Test
  void instancesSplitTheUsers_andTheSurvivorTakesOverAClosedInstancesUsers() throws Exception {
    // Users on both halves of the partitions: the range assignor gives each instance one half.
    List<User> users = new ArrayList<>();
    users.addAll(usersOnPartitions(0, 5, 2));
    users.addAll(usersOnPartitions(6, 11, 2));
    KafkaTemplate<Object, Object> kafka = kafka(first);
    for (User user : users) {
      SyncFixture.announce(kafka, user);
    }

    await()
        .atMost(SyncFixture.PATIENCE)
        .untilAsserted(
            () -> {
              for (User user : users) {
                assertThat(owns(first, user) ^ owns(second, user))
                    .as("exactly one instance polls %s", user.userId())
                    .isTrue();
                assertThat(fixture.syncToken(user)).as("synced %s", user.userId()).isNotNull();
              }
              // Until the second instance has joined the group, the first owns every partition:
              // exclusive ownership alone does not show that the users were split.
              assertThat(users.stream().filter(user -> owns(first, user)))
                  .as("users of the first instance")
                  .hasSize(2);
              assertThat(users.stream().filter(user -> owns(second, user)))
                  .as("users of the second instance")
                  .hasSize(2);
            });
    List<User> ofFirst = users.stream().filter(user -> owns(first, user)).toList();

    first.close();
    long closedAt = System.nanoTime();
    List<String> eventIds = new ArrayList<>();
    for (User user : ofFirst) {
      eventIds.add(fixture.createEvent(user, "After the takeover").path("id").asText());
    }

    for (int i = 0; i < ofFirst.size(); i++) {
      fixture.awaitChange(ofFirst.get(i), eventIds.get(i), c -> true, TAKEOVER_BOUND);
    }
    assertThat(Duration.ofNanos(System.nanoTime() - closedAt)).isLessThan(TAKEOVER_BOUND);
    assertThat(users).allSatisfy(user -> assertThat(owns(second, user)).isTrue());
  }

  private static List<User> usersOnPartitions(int from, int to, int count) throws Exception {
    List<User> users = new ArrayList<>();
    while (users.size() < count) {
      String userId = "crm-" + UUID.randomUUID().toString().substring(0, 8);
      int partition =
          Utils.toPositive(Utils.murmur2(userId.getBytes(StandardCharsets.UTF_8)))
              % Topics.USER_KEYED_PARTITIONS;
      if (partition >= from && partition <= to) {
        users.add(fixture.newUser(userId));
      }
    }
    return users;
  }

  private static boolean owns(ConfigurableApplicationContext context, User user) {
    return context.isActive() && context.getBean(SyncScheduler.class).owns(user.userId());
  }

  @SuppressWarnings("unchecked")
  private static KafkaTemplate<Object, Object> kafka(ConfigurableApplicationContext context) {
    return context.getBean(KafkaTemplate.class);
  }

  private static ConfigurableApplicationContext instance() {
    Map<String, Object> properties = new HashMap<>(CalSyncTestInfrastructure.properties(database));
    properties.put("server.port", 0);
    properties.put("calsync.security.jwt.secret", SECRET);
    properties.put("calsync.google.calendar-root-url", google.calendarRootUrl());
    properties.put("calsync.token-service.url", tokenService.url());
    properties.put("spring.kafka.consumer.group-id", "sync-partitioning-it");
    properties.put("calsync.sync.consumer-group", "sync-partitioning-it-sync");
    properties.put("calsync.sync.poll-interval", INTERVAL_SECONDS + "s");
    properties.put("calsync.sync.session-timeout-ms", SESSION_TIMEOUT_SECONDS * 1000);
    return ServiceInstances.run(CalendarConnectorApplication.class, properties);
  }
}
