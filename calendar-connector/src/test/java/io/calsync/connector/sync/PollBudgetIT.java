package io.calsync.connector.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.calsync.connector.commands.CommandMother;
import io.calsync.connector.commands.ConnectorHarness;
import io.calsync.connector.commands.TestTokenService;
import io.calsync.connector.commands.TopicRecorder;
import io.calsync.connector.sync.SyncFixture.User;
import io.calsync.contracts.Topics;
import io.calsync.contracts.calendar.CommandApplied;
import io.calsync.contracts.calendar.UpsertEvent;
import io.calsync.emulator.GoogleEmulator;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Polls are quota-aware: with a per-user budget of 4 Google requests per 30 s and a command reserve
 * of 40 %, a poll starts only while more than 1.6 permits are free. Polls every second therefore
 * use at most 2 permits of each window and are deferred for the rest of it, while a command still
 * finds the reserved permits and is written at once.
 */
@SpringBootTest(
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {
      "calsync.security.jwt.secret=" + PollBudgetIT.SECRET,
      "spring.kafka.consumer.group-id=poll-budget-it",
      "calsync.sync.consumer-group=poll-budget-it-sync",
      "calsync.sync.poll-interval=1s",
      "calsync.sync.defer-delay=1s",
      "calsync.sync.command-reserve=0.4",
      "resilience4j.ratelimiter.configs.google-user.limit-for-period=" + PollBudgetIT.PER_WINDOW,
      "resilience4j.ratelimiter.configs.google-user.limit-refresh-period=30s",
    })
@DirtiesContext
class PollBudgetIT {

  static final String SECRET = "poll-budget-it-secret-of-at-least-32-bytes";
  static final int PER_WINDOW = 4;

  private static final ConnectorHarness harness = ConnectorHarness.start(SECRET);
  private static final GoogleEmulator google = harness.google();
  private static final TestTokenService tokenService = harness.tokenService();

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    harness.register(registry, "connector_poll_budget");
  }

  @AfterAll
  static void stop() throws InterruptedException {
    harness.close();
  }

  @Autowired KafkaTemplate<Object, Object> kafka;
  @Autowired MeterRegistry meters;

  @Test
  void pollsLeaveTheReservedShareToCommands_andACommandIsWrittenWhilePollsAreDeferred()
      throws Exception {
    try (TopicRecorder recorder =
        TopicRecorder.start(Topics.EVENT_CHANGES, Topics.COMMAND_RESULTS)) {
      SyncFixture fixture = new SyncFixture(harness, recorder);
      User user = fixture.newUser();
      long started = System.nanoTime();
      SyncFixture.announce(kafka, user);
      fixture.awaitSyncToken(user);

      // Polls every second run into the reserve within the window and are deferred.
      await().atMost(Duration.ofSeconds(30)).until(() -> deferredPolls() > 0);

      String eventId = CommandMother.eventId();
      UpsertEvent command =
          CommandMother.upsert(user.userId(), UUID.randomUUID().toString(), eventId);
      kafka
          .send(new ProducerRecord<>(Topics.CALENDAR_COMMANDS, user.userId(), command))
          .get(10, TimeUnit.SECONDS);

      // Well inside the 30 s window: the command did not wait for permits to refresh.
      CommandApplied applied =
          await()
              .atMost(Duration.ofSeconds(15))
              .until(
                  () ->
                      recorder.of(Topics.COMMAND_RESULTS, user.userId()).stream()
                          .map(ConsumerRecord::value)
                          .filter(CommandApplied.class::isInstance)
                          .map(CommandApplied.class::cast)
                          .filter(result -> result.commandId().equals(command.commandId()))
                          .findFirst()
                          .orElse(null),
                  result -> result != null);
      assertThat(applied.eventId()).isEqualTo(eventId);
      // Without the budget, polls every second would have listed about once per second.
      long windows = Duration.ofNanos(System.nanoTime() - started).toSeconds() / 30 + 2;
      assertThat(google.callCount("events.list", user.account()))
          .as("listings within %d budget windows", windows)
          .isLessThanOrEqualTo(windows * (PER_WINDOW - 1));
      assertThat(google.control().events(user.account()))
          .anySatisfy(event -> assertThat(event.path("id").asText()).isEqualTo(eventId));
    }
  }

  private double deferredPolls() {
    return meters.find("calsync.sync.polls").tag("outcome", "deferred").counters().stream()
        .mapToDouble(counter -> counter.count())
        .sum();
  }
}
