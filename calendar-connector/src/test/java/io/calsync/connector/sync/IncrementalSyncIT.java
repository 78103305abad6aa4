package io.calsync.connector.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.calsync.connector.commands.ConnectorHarness;
import io.calsync.connector.commands.TestTokenService;
import io.calsync.connector.commands.TopicRecorder;
import io.calsync.connector.sync.SyncFixture.User;
import io.calsync.contracts.Topics;
import io.calsync.contracts.calendar.EventChanged;
import io.calsync.contracts.calendar.EventStatus;
import io.calsync.contracts.calendar.SyncKind;
import io.calsync.emulator.GoogleEmulator;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The read side's periodic incremental sync against the emulator, real Kafka and PostgreSQL: a
 * short poll interval, pages of three events.
 */
@SpringBootTest(
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {
      "calsync.security.jwt.secret=" + IncrementalSyncIT.SECRET,
      "spring.kafka.consumer.group-id=incremental-sync-it",
      "calsync.sync.consumer-group=incremental-sync-it-sync",
      "calsync.sync.poll-interval=" + IncrementalSyncIT.INTERVAL_SECONDS + "s",
      "calsync.sync.page-size=3",
    })
@DirtiesContext
class IncrementalSyncIT {

  static final String SECRET = "incremental-sync-it-secret-of-at-least-32-bytes";
  static final int INTERVAL_SECONDS = 3;

  /** One poll interval plus its jitter, and room for a busy machine. */
  private static final Duration ONE_POLL = Duration.ofSeconds(INTERVAL_SECONDS * 2L + 10);

  private static final ConnectorHarness harness = ConnectorHarness.start(SECRET);
  private static final GoogleEmulator google = harness.google();
  private static final TestTokenService tokenService = harness.tokenService();
  private static TopicRecorder recorder;
  private static SyncFixture fixture;

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    harness.register(registry, "connector_sync");
  }

  @BeforeEach
  void recordEventChanges() {
    recorder = harness.recorder(Topics.EVENT_CHANGES);
    fixture = new SyncFixture(harness, recorder);
  }

  @AfterAll
  static void stop() throws InterruptedException {
    harness.close();
  }

  @Autowired KafkaTemplate<Object, Object> kafka;
  @Autowired MeterRegistry registry;

  @Test
  void eventCreatedInGoogle_isPublishedExactlyOnce_withinOnePoll() throws Exception {
    User user = connectedAndSynced();

    ObjectNode created = fixture.createEvent(user, "Lunch with Bob");
    String eventId = created.path("id").asText();

    EventChanged change = fixture.awaitChange(user, eventId, c -> true, ONE_POLL);
    assertThat(change.syncKind()).isEqualTo(SyncKind.INCREMENTAL);
    assertThat(change.status()).isEqualTo(EventStatus.CONFIRMED);
    assertThat(change.summary()).isEqualTo("Lunch with Bob");
    assertThat(change.etag()).isEqualTo(created.path("etag").asText());
    assertThat(change.calendarId()).isEqualTo(user.account());
    assertThat(change.start().dateTime().toInstant())
        .isEqualTo(Instant.parse(created.path("start").path("dateTime").asText()));

    // Further polls list nothing new: still exactly one change for the event.
    Instant seen = Instant.now();
    fixture.awaitIncrementalSyncAfter(user, seen);
    fixture.awaitIncrementalSyncAfter(user, fixture.lastIncrementalSync(user));
    assertThat(fixture.changes(user, eventId)).hasSize(1);
  }

  @Test
  void editedEvent_isPublishedWithItsNewEtag_andDeletedEvent_asCancelled() throws Exception {
    User user = connectedAndSynced();
    String eventId = fixture.createEvent(user, "Dentist").path("id").asText();
    EventChanged first = fixture.awaitChange(user, eventId, c -> true, ONE_POLL);

    ObjectNode renamed = fixture.rename(user, eventId, "Dentist (moved)");

    EventChanged edit =
        fixture.awaitChange(user, eventId, c -> "Dentist (moved)".equals(c.summary()), ONE_POLL);
    assertThat(edit.etag()).isEqualTo(renamed.path("etag").asText()).isNotEqualTo(first.etag());
    assertThat(edit.updated()).isAfterOrEqualTo(first.updated());

    google.control().deleteEvent(user.account(), eventId);

    EventChanged deletion =
        fixture.awaitChange(user, eventId, c -> c.status() == EventStatus.CANCELLED, ONE_POLL);
    assertThat(deletion.syncKind()).isEqualTo(SyncKind.INCREMENTAL);
    assertThat(fixture.changes(user, eventId))
        .extracting(EventChanged::status)
        .containsExactly(EventStatus.CONFIRMED, EventStatus.CONFIRMED, EventStatus.CANCELLED);
  }

  @Test
  void expiredSyncToken_resyncsFully_losesNoChange_andReplacesTheToken() throws Exception {
    User user = fixture.newUser();
    String kept = fixture.createEvent(user, "Kept").path("id").asText();
    String removed = fixture.createEvent(user, "Removed later").path("id").asText();
    SyncFixture.announce(kafka, user);
    String firstToken = fixture.awaitSyncToken(user);

    // Google forgets the token; changes made meanwhile must still arrive.
    google.control().expireSyncTokens(user.account());
    String added = fixture.createEvent(user, "Added during the outage").path("id").asText();
    google.control().deleteEvent(user.account(), removed);

    EventChanged addition = fixture.awaitChange(user, added, c -> true, ONE_POLL);
    assertThat(addition.syncKind()).isEqualTo(SyncKind.FULL);
    // Full listings include deleted events, so a deletion made while the token was invalid is
    // not lost (it may also have come with an incremental poll just before the deletion).
    fixture.awaitChange(user, removed, c -> c.status() == EventStatus.CANCELLED);
    await()
        .atMost(SyncFixture.PATIENCE)
        .untilAsserted(
            () ->
                assertThat(fixture.changes(user, kept))
                    .as("the full resync lists the unchanged event again, with the same etag")
                    .hasSize(2)
                    .extracting(EventChanged::etag)
                    .containsOnly(fixture.changes(user, kept).get(0).etag()));
    assertThat(
            registry
                .get("calsync.sync.full.resyncs")
                .tag("reason", "token-expired")
                .counter()
                .count())
        .isGreaterThanOrEqualTo(1);
    assertThat(fixture.syncToken(user)).isNotNull().isNotEqualTo(firstToken);

    // The new token works: the next change arrives incrementally.
    String later = fixture.createEvent(user, "After the resync").path("id").asText();
    assertThat(fixture.awaitChange(user, later, c -> true, ONE_POLL).syncKind())
        .isEqualTo(SyncKind.INCREMENTAL);
  }

  @Test
  void fullSyncWithMoreThanOnePage_publishesEveryEvent_thenStoresTheToken() throws Exception {
    User user = fixture.newUser();
    List<String> eventIds = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      eventIds.add(fixture.createEvent(user, "Event " + i).path("id").asText());
    }
    google.resetCallCounts();

    SyncFixture.announce(kafka, user);

    fixture.awaitSyncToken(user);
    for (String eventId : eventIds) {
      fixture.awaitChange(user, eventId, c -> true);
      assertThat(fixture.changes(user, eventId))
          .as("event %s", eventId)
          .singleElement()
          .satisfies(change -> assertThat(change.syncKind()).isEqualTo(SyncKind.FULL));
    }
    assertThat(google.callCount("events.list", user.account()))
        .as("pages of three: 7 events need three pages")
        .isGreaterThanOrEqualTo(3);
  }

  private User connectedAndSynced() throws Exception {
    User user = fixture.newUser();
    SyncFixture.announce(kafka, user);
    fixture.awaitSyncToken(user);
    return user;
  }
}
