package io.calsync.connector.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.calsync.connector.commands.ConnectorHarness;
import io.calsync.connector.commands.TestTokenService;
import io.calsync.connector.commands.TopicRecorder;
import io.calsync.connector.sync.SyncFixture.User;
import io.calsync.contracts.Topics;
import io.calsync.emulator.GoogleEmulator;
import io.calsync.emulator.push.Channel;
import io.calsync.testsupport.FreePorts;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Push channels are renewed before they expire: with a channel lifetime of 40 s and renewal 30 s
 * before expiry, the connector opens a successor about 10 s after the first channel, stops the old
 * one at Google, and from then on accepts notifications only on the new one.
 */
@SpringBootTest(
    webEnvironment = WebEnvironment.DEFINED_PORT,
    properties = {
      "calsync.security.jwt.secret=" + PushChannelRenewalIT.SECRET,
      "spring.kafka.consumer.group-id=push-channel-renewal-it",
      "calsync.sync.consumer-group=push-channel-renewal-it-sync",
      "calsync.sync.poll-interval=2s",
      "calsync.push.channel-ttl=40s",
      "calsync.push.renew-before=30s",
    })
@DirtiesContext
class PushChannelRenewalIT {

  static final String SECRET = "push-channel-renewal-it-secret-of-at-least-32-bytes";

  /** The first channel is due for renewal 10 s after it opened; polls run every 2 s. */
  private static final Duration RENEWED_WITHIN = Duration.ofSeconds(40);

  private static final int PORT = FreePorts.pick();
  private static final String WEBHOOK = "http://localhost:" + PORT + PushWebhookController.PATH;
  private static final ConnectorHarness harness = ConnectorHarness.start(SECRET);
  private static final GoogleEmulator google = harness.google();
  private static final TestTokenService tokenService = harness.tokenService();

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    harness.register(registry, "connector_push_renewal");
    registry.add("server.port", () -> PORT);
    registry.add("calsync.push.webhook-url", () -> WEBHOOK);
  }

  @AfterAll
  static void stop() throws InterruptedException {
    harness.close();
  }

  @Autowired KafkaTemplate<Object, Object> kafka;
  @Autowired WebTestClient http;

  @Test
  void channelCloseToExpiry_isReplacedByANewOne_andTheOldOneIsStoppedAtGoogle() throws Exception {
    try (TopicRecorder recorder = TopicRecorder.start(Topics.EVENT_CHANGES)) {
      SyncFixture fixture = new SyncFixture(harness, recorder);
      User user = fixture.newUser();
      SyncFixture.announce(kafka, user);

      Channel first =
          await()
              .atMost(SyncFixture.PATIENCE)
              .until(() -> channelsOf(user), c -> c.size() == 1)
              .get(0);
      assertThat(first.expiration()).isBefore(Instant.now().plusSeconds(41));

      Channel second =
          await()
              .atMost(RENEWED_WITHIN)
              .until(
                  () -> channelsOf(user),
                  channels -> channels.size() == 1 && !channels.get(0).id().equals(first.id()))
              .get(0);

      assertThat(second.expiration()).isAfter(first.expiration());
      assertThat(google.callCount("channels.stop", user.account())).isGreaterThanOrEqualTo(1);
      notify(first).expectStatus().isNotFound();
      notify(second).expectStatus().isOk();
    }
  }

  /** The user's channels Google still holds (a stopped channel is gone from the list). */
  private static List<Channel> channelsOf(User user) {
    return google.control().channels().stream()
        .filter(channel -> channel.account().equals(user.account()))
        .toList();
  }

  private WebTestClient.ResponseSpec notify(Channel channel) {
    return SyncFixture.notifyWebhook(http, channel.id(), channel.token(), channel.resourceId());
  }
}
