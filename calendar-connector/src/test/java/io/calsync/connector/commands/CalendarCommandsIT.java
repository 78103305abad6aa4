package io.calsync.connector.commands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.calsync.contracts.ContractJson;
import io.calsync.contracts.ContractMessage;
import io.calsync.contracts.EventTypes;
import io.calsync.contracts.Topics;
import io.calsync.contracts.calendar.CalendarCommand;
import io.calsync.contracts.calendar.CommandApplied;
import io.calsync.contracts.calendar.CommandFailed;
import io.calsync.contracts.calendar.CommandResult;
import io.calsync.contracts.calendar.DeleteEvent;
import io.calsync.contracts.calendar.EventChanged;
import io.calsync.contracts.calendar.UpsertEvent;
import io.calsync.contracts.cloudevents.CloudEventHeaders;
import io.calsync.contracts.connection.ConnectionConnected;
import io.calsync.contracts.connection.ConnectionLost;
import io.calsync.contracts.connection.ConnectionRevoked;
import io.calsync.contracts.connection.SyncSettings;
import io.calsync.emulator.GoogleEmulator;
import io.calsync.emulator.calendar.WriteLog;
import io.calsync.emulator.faults.FaultInjector;
import io.calsync.emulator.faults.QuotaLimiter;
import io.calsync.testsupport.DeadLetters;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The write side of CRM → Google end to end: commands on the real Kafka broker, the connector with
 * its real PostgreSQL database, the Google emulator reached through the official client, and a
 * token endpoint that vends access tokens obtained through the emulator's OAuth flow.
 */
@SpringBootTest(
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {
      "calsync.security.jwt.secret=" + CalendarCommandsIT.SECRET,
      "spring.kafka.consumer.group-id=calendar-commands-it",
      // Short back-off so that bursts of failures are retried within the test's patience.
      "resilience4j.retry.instances.google-calendar.wait-duration=50ms",
      "resilience4j.retry.instances.google-calendar.exponential-max-wait-duration=500ms",
      "resilience4j.retry.instances.google-calendar.max-attempts=8",
      // Outage tests wait for a few re-drive rounds, not for the production 30 s.
      "calsync.commands.outage-retry-interval=" + CalendarCommandsIT.OUTAGE_RETRY_INTERVAL,
      // An outage test may open a circuit breaker; the next tests must not wait 15-30 s for it.
      "resilience4j.circuitbreaker.instances.google-calendar.wait-duration-in-open-state=1s",
      "resilience4j.circuitbreaker.instances.token-service.wait-duration-in-open-state=1s",
    })
// Spring Boot switches metrics export off in tests; retries must show in the Prometheus scrape.
@AutoConfigureObservability(tracing = false)
// Its listeners must stop with the class: another IT class's commands are not for this context.
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
class CalendarCommandsIT {

  static final String SECRET = "calendar-commands-it-secret-of-at-least-32-bytes";
  static final String OUTAGE_RETRY_INTERVAL = "2s";

  /** One re-drive interval (plus its jitter) and a round's retries, with room to spare. */
  private static final Duration OUTAGE_SLACK = Duration.ofSeconds(12);

  private static final Duration PATIENCE = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final ConnectorHarness harness = ConnectorHarness.start(SECRET);
  private static final GoogleEmulator google = harness.google();
  private static final TestTokenService tokenService = harness.tokenService();
  private static TopicRecorder recorder;

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    harness.register(registry, "connector_commands");
  }

  /** Once the application has declared its topics, so the recorder never auto-creates one. */
  @BeforeEach
  void recordOutputTopics() {
    recorder = harness.recorder(Topics.COMMAND_RESULTS, Topics.EVENT_CHANGES);
  }

  /** Each test counts its own retries: an earlier test's failures must not leave a circuit open. */
  @BeforeEach
  void closeTheCircuits() {
    circuitBreakers.circuitBreaker("token-service").reset();
    circuitBreakers.circuitBreaker("google-calendar").reset();
  }

  @AfterAll
  static void stop() throws InterruptedException {
    harness.close();
  }

  @Autowired KafkaTemplate<Object, Object> kafka;
  @Autowired CircuitBreakerRegistry circuitBreakers;
  @Autowired WebTestClient http;

  /** A CRM user connected to a fresh emulator account. */
  record User(String userId, String account) {}

  private static User connectedUser() throws Exception {
    String local = "u" + UUID.randomUUID().toString().substring(0, 8);
    User user = new User("crm-" + local, local + "@example.com");
    google.addAccount(user.account());
    tokenService.connect(user.userId(), user.account());
    return user;
  }

  @Test
  void upsertInsertsOneEventWithTheMappedFields_withoutInvitationMails() throws Exception {
    User user = connectedUser();
    String taskId = UUID.randomUUID().toString();
    UpsertEvent command = CommandMother.upsert(user.userId(), taskId, CommandMother.eventId());

    send(command);

    CommandApplied applied = (CommandApplied) awaitResults(command, 1).get(0);
    assertThat(applied.action()).isEqualTo(CommandApplied.Action.CREATED);
    List<ObjectNode> events = google.control().events(user.account());
    assertThat(events).hasSize(1);
    JsonNode event = events.get(0);
    assertThat(event.path("id").asText()).isEqualTo(command.eventId());
    assertThat(event.path("etag").asText()).isEqualTo(applied.etag());
    assertThat(event.path("status").asText()).isEqualTo("confirmed");
    assertThat(event.path("summary").asText()).isEqualTo("Call Alice about the offer");
    assertThat(event.path("description").asText()).isEqualTo("Prepare the numbers");
    assertThat(OffsetDateTime.parse(event.path("start").path("dateTime").asText()).toInstant())
        .isEqualTo(CommandMother.START.toInstant());
    assertThat(event.path("start").path("timeZone").asText()).isEqualTo("Europe/Berlin");
    assertThat(OffsetDateTime.parse(event.path("end").path("dateTime").asText()).toInstant())
        .isEqualTo(CommandMother.START.plusMinutes(30).toInstant());
    assertThat(event.path("attendees").findValuesAsText("email"))
        .containsExactly("carol@example.com");
    assertThat(event.path("extendedProperties").path("private").path("calsyncTaskId").asText())
        .isEqualTo(taskId);
    assertThat(event.path("extendedProperties").path("private").path("calsyncOrigin").asText())
        .isEqualTo("crm");
    assertThat(applied.updated()).isNotNull();

    List<WriteLog.Write> writes = google.control().writes(user.account());
    assertThat(writes).hasSize(1);
    assertThat(writes.get(0).method()).isEqualTo("insert");
    assertThat(writes.get(0).sendUpdates()).isEqualTo("none");
    assertThat(writes.get(0).notificationsSent()).isZero();
    assertThat(tokenService.requests(user.userId())).isEqualTo(1);
    assertThat(tokenService.rejected()).as("requests without a valid service JWT").isZero();
  }

  @Test
  void sameCommandDeliveredThreeTimes_insertsOnce_andAnswersEveryDeliveryAlike() throws Exception {
    User user = connectedUser();
    UpsertEvent command = CommandMother.upsertOfANewTask(user.userId());

    send(command);
    send(command);
    send(command);

    List<CommandResult> results = awaitResults(command, 3);
    assertThat(results).allSatisfy(result -> assertThat(result).isEqualTo(results.get(0)));
    assertThat(((CommandApplied) results.get(0)).action()).isEqualTo(CommandApplied.Action.CREATED);
    assertThat(google.callCount("events.insert", user.account())).isEqualTo(1);
    assertThat(google.callCount("events.patch", user.account())).isZero();
    assertThat(google.control().events(user.account())).hasSize(1);
    assertThat(tokenService.requests(user.userId()))
        .as("access token cached after the first delivery")
        .isEqualTo(1);
  }

  @Test
  void upsertOfADeletedEvent_restoresItUnderTheSameId() throws Exception {
    User user = connectedUser();
    String taskId = UUID.randomUUID().toString();
    String eventId = CommandMother.eventId();
    UpsertEvent create = CommandMother.upsert(user.userId(), taskId, eventId);
    send(create);
    awaitResults(create, 1);
    DeleteEvent delete = CommandMother.delete(user.userId(), taskId, eventId);
    send(delete);
    awaitResults(delete, 1);

    UpsertEvent recreate = CommandMother.upsert(user.userId(), taskId, eventId, null, "Back again");
    send(recreate);

    CommandApplied applied = (CommandApplied) awaitResults(recreate, 1).get(0);
    assertThat(applied.action()).isEqualTo(CommandApplied.Action.UPDATED);
    List<ObjectNode> events = google.control().events(user.account());
    assertThat(events).hasSize(1);
    assertThat(events.get(0).path("status").asText()).isEqualTo("confirmed");
    assertThat(events.get(0).path("summary").asText()).isEqualTo("Back again");
  }

  @Test
  void accessTokenRejectedByGoogle_isReplacedByAFreshOne() throws Exception {
    User user = connectedUser();
    UpsertEvent first = CommandMother.upsertOfANewTask(user.userId());
    send(first);
    awaitResults(first, 1);
    // The cached token dies early (e.g. Google expired it); the connector must not stop silently.
    google.control().expireAccessTokens(user.account());

    UpsertEvent second = CommandMother.upsertOfANewTask(user.userId());
    send(second);

    assertThat(((CommandApplied) awaitResults(second, 1).get(0)).action())
        .isEqualTo(CommandApplied.Action.CREATED);
    // The cached token would have lived for an hour: a second request means Google's 401 dropped
    // it.
    assertThat(tokenService.requests(user.userId())).isEqualTo(2);
    assertThat(tokenService.forcedRefreshes(user.userId())).isEqualTo(1);
    // The rejected call carries no valid token, so the emulator cannot count it for the account.
    assertThat(google.callCount("events.insert", user.account())).isEqualTo(2);
  }

  @Test
  void insertAnsweredDuplicate_adoptsOurExistingEvent_insteadOfCreatingASecond() throws Exception {
    User user = connectedUser();
    String taskId = UUID.randomUUID().toString();
    String eventId = CommandMother.eventId();
    ObjectNode existing = JSON.createObjectNode();
    existing.put("id", eventId);
    existing.put("summary", "Created before a reconnect");
    existing.putObject("start").put("dateTime", "2026-12-01T08:00:00Z");
    existing.putObject("end").put("dateTime", "2026-12-01T08:30:00Z");
    existing.putObject("extendedProperties").putObject("private").put("calsyncTaskId", taskId);
    google.control().createEvent(user.account(), existing);
    UpsertEvent command = CommandMother.upsert(user.userId(), taskId, eventId);

    send(command);

    CommandApplied applied = (CommandApplied) awaitResults(command, 1).get(0);
    assertThat(applied.action()).isEqualTo(CommandApplied.Action.UPDATED);
    List<ObjectNode> events = google.control().events(user.account());
    assertThat(events).hasSize(1);
    assertThat(events.get(0).path("summary").asText()).isEqualTo("Call Alice about the offer");
    assertThat(events.get(0).path("etag").asText()).isEqualTo(applied.etag());
    assertThat(google.callCount("events.insert", user.account())).isEqualTo(1);
    assertThat(google.callCount("events.get", user.account())).isEqualTo(1);
    assertThat(google.callCount("events.patch", user.account())).isEqualTo(1);
  }

  @Test
  void updateWithStaleEtag_failsAsConflict_andPublishesTheEventAsGoogleHoldsIt() throws Exception {
    User user = connectedUser();
    String taskId = UUID.randomUUID().toString();
    String eventId = CommandMother.eventId();
    UpsertEvent create = CommandMother.upsert(user.userId(), taskId, eventId);
    send(create);
    String createdEtag = ((CommandApplied) awaitResults(create, 1).get(0)).etag();
    ObjectNode edit = JSON.createObjectNode().put("summary", "Moved by the user in Google");
    String currentEtag =
        google.control().patchEvent(user.account(), eventId, edit).path("etag").asText();

    UpsertEvent stale =
        CommandMother.upsert(user.userId(), taskId, eventId, createdEtag, "Renamed in the CRM");
    send(stale);

    CommandFailed failed = (CommandFailed) awaitResults(stale, 1).get(0);
    assertThat(failed.reason()).isEqualTo("conflict");
    assertThat(failed.retryable()).isFalse();
    EventChanged current = awaitEventChange(user.userId(), eventId);
    assertThat(current.etag()).isEqualTo(currentEtag);
    assertThat(current.summary()).isEqualTo("Moved by the user in Google");
    assertThat(current.calsyncTaskId()).isEqualTo(taskId);
    assertThat(current.calendarId()).isEqualTo(user.account());
    assertThat(google.control().events(user.account()).get(0).path("summary").asText())
        .isEqualTo("Moved by the user in Google");
  }

  @Test
  void updateWithCurrentEtag_updatesTheEvent() throws Exception {
    User user = connectedUser();
    String taskId = UUID.randomUUID().toString();
    String eventId = CommandMother.eventId();
    UpsertEvent create = CommandMother.upsert(user.userId(), taskId, eventId);
    send(create);
    String etag = ((CommandApplied) awaitResults(create, 1).get(0)).etag();

    UpsertEvent update = CommandMother.upsert(user.userId(), taskId, eventId, etag, "Renamed");
    send(update);

    CommandApplied applied = (CommandApplied) awaitResults(update, 1).get(0);
    assertThat(applied.action()).isEqualTo(CommandApplied.Action.UPDATED);
    assertThat(applied.etag()).isNotEqualTo(etag);
    assertThat(google.control().events(user.account()).get(0).path("summary").asText())
        .isEqualTo("Renamed");
  }

  @Test
  void deleteRemovesTheEvent_andDeletingAgainCountsAsAlreadyDeleted() throws Exception {
    User user = connectedUser();
    String taskId = UUID.randomUUID().toString();
    String eventId = CommandMother.eventId();
    UpsertEvent create = CommandMother.upsert(user.userId(), taskId, eventId);
    send(create);
    awaitResults(create, 1);

    DeleteEvent delete = CommandMother.delete(user.userId(), taskId, eventId);
    send(delete);
    assertThat(((CommandApplied) awaitResults(delete, 1).get(0)).action())
        .isEqualTo(CommandApplied.Action.DELETED);
    assertThat(google.control().events(user.account()).get(0).path("status").asText())
        .isEqualTo("cancelled");
    assertThat(google.control().writes(user.account()))
        .extracting(WriteLog.Write::method, WriteLog.Write::sendUpdates)
        .containsExactly(tuple("insert", "none"), tuple("delete", "none"));

    DeleteEvent again = CommandMother.delete(user.userId(), taskId, eventId);
    send(again);
    assertThat(((CommandApplied) awaitResults(again, 1).get(0)).action())
        .isEqualTo(CommandApplied.Action.ALREADY_DELETED);
  }

  @Test
  void quotaErrorsAndServerErrors_areRetriedWithBackOff_untilTheCommandSucceeds() throws Exception {
    User user = connectedUser();
    double retriedBefore = retriedCallsInMetrics();
    // Two 503s, then one 403 userRateLimitExceeded and one 429 rateLimitExceeded.
    google
        .control()
        .injectErrors(
            new FaultInjector.ErrorRule(
                null, 503, null, null, 2, null, "events.insert", user.account()));
    google
        .control()
        .rateLimit(
            new QuotaLimiter.RateLimitRule(
                null, QuotaLimiter.Scope.USER, user.account(), 403, 1, null));
    google
        .control()
        .rateLimit(
            new QuotaLimiter.RateLimitRule(
                null, QuotaLimiter.Scope.USER, user.account(), 429, 1, null));
    UpsertEvent command = CommandMother.upsertOfANewTask(user.userId());

    send(command);

    CommandApplied applied = (CommandApplied) awaitResults(command, 1).get(0);
    assertThat(applied.action()).isEqualTo(CommandApplied.Action.CREATED);
    assertThat(google.callCount("events.insert", user.account())).isEqualTo(5);
    assertThat(google.control().events(user.account())).hasSize(1);
    assertThat(retriedCallsInMetrics()).isGreaterThan(retriedBefore);
  }

  @Test
  void otherClientErrors_areNotRetried_andFailTheCommandForGood() throws Exception {
    User user = connectedUser();
    google
        .control()
        .injectErrors(
            new FaultInjector.ErrorRule(
                null, 400, "invalid", "Invalid value", 1, null, "events.insert", user.account()));
    UpsertEvent command = CommandMother.upsertOfANewTask(user.userId());

    send(command);

    CommandFailed failed = (CommandFailed) awaitResults(command, 1).get(0);
    assertThat(failed.reason()).isEqualTo("invalid");
    assertThat(failed.retryable()).isFalse();
    assertThat(google.callCount("events.insert", user.account())).isEqualTo(1);
  }

  @Test
  void neverLogsGoogleTokens(CapturedOutput output) throws Exception {
    User user = connectedUser();
    UpsertEvent command = CommandMother.upsertOfANewTask(user.userId());

    send(command);
    awaitResults(command, 1);

    assertThat(output.getAll()).contains(command.commandId()).doesNotContain("ya29.");
  }

  @Test
  void userWithoutConnection_failsNotConnected() throws Exception {
    String userId = "crm-never-connected-" + UUID.randomUUID();
    UpsertEvent command = CommandMother.upsertOfANewTask(userId);

    send(command);

    CommandFailed failed = (CommandFailed) awaitResults(command, 1).get(0);
    assertThat(failed.reason()).isEqualTo("not-connected");
    assertThat(failed.retryable()).isFalse();
  }

  @Test
  void tokenServiceDown_isRetried_thenParksTheCommand_andItRunsOnceTokenServiceIsBack()
      throws Exception {
    User user = connectedUser();
    tokenService.fail(user.userId());
    UpsertEvent command = CommandMother.upsertOfANewTask(user.userId());

    send(command);

    await().atMost(PATIENCE).until(() -> parkedCommands(user.userId()).size() == 1);
    assertThat(parkReasons(user.userId())).containsExactly("OUTAGE");
    assertThat(tokenService.requests(user.userId()))
        .as("attempts of the token-service retry")
        .isGreaterThanOrEqualTo(4);
    assertThat(recorder.of(Topics.COMMAND_RESULTS, user.userId())).isEmpty();

    tokenService.restore(user.userId());

    CommandApplied applied =
        (CommandApplied) awaitAllResults(user.userId(), 1, OUTAGE_SLACK).get(0);
    assertThat(applied.commandId()).isEqualTo(command.commandId());
    assertThat(applied.action()).isEqualTo(CommandApplied.Action.CREATED);
    assertThat(google.control().events(user.account())).hasSize(1);
    assertThat(parkedCommands(user.userId())).isEmpty();
  }

  @Test
  void googleOutageLongerThanTheRetries_parksCommandsInOrder_andAppliesThemOnceItIsOver()
      throws Exception {
    User user = connectedUser();
    String taskId = UUID.randomUUID().toString();
    String eventId = CommandMother.eventId();
    // 503 on every insert until cleared: longer than the 8 attempts of one execution.
    google
        .control()
        .injectErrors(
            new FaultInjector.ErrorRule(
                null, 503, null, null, null, null, "events.insert", user.account()));
    UpsertEvent create = CommandMother.upsert(user.userId(), taskId, eventId);
    // The orchestrator has no etag yet: the second change is an insert too, adopted after a 409.
    UpsertEvent rename =
        CommandMother.upsert(user.userId(), taskId, eventId, null, "Renamed during the outage");

    send(create);
    send(rename);

    await().atMost(PATIENCE).until(() -> parkedCommands(user.userId()).size() == 2);
    assertThat(parkedCommands(user.userId()))
        .containsExactly(create.commandId(), rename.commandId());
    assertThat(parkReasons(user.userId())).containsOnly("OUTAGE");
    // At least one re-drive round met the outage again, and the commands stayed parked.
    await().atMost(PATIENCE).until(() -> google.callCount("events.insert", user.account()) >= 16);
    assertThat(parkedCommands(user.userId()))
        .containsExactly(create.commandId(), rename.commandId());
    assertThat(recorder.of(Topics.COMMAND_RESULTS, user.userId()))
        .as("no CommandFailed while parked")
        .isEmpty();
    await().atMost(PATIENCE).until(() -> parkedGauge("outage") >= 2);

    google.control().clearFaults();

    List<CommandResult> results = awaitAllResults(user.userId(), 2, OUTAGE_SLACK);
    assertThat(results)
        .extracting(CommandResult::commandId)
        .containsExactly(create.commandId(), rename.commandId());
    assertThat(results)
        .extracting(result -> ((CommandApplied) result).action())
        .containsExactly(CommandApplied.Action.CREATED, CommandApplied.Action.UPDATED);
    List<ObjectNode> events = google.control().events(user.account());
    assertThat(events).hasSize(1);
    assertThat(events.get(0).path("summary").asText()).isEqualTo("Renamed during the outage");
    assertThat(events.get(0).path("etag").asText())
        .isEqualTo(((CommandApplied) results.get(1)).etag());
    assertThat(parkedCommands(user.userId())).isEmpty();
  }

  @Test
  void lostConnection_isNotRedrivenByTheOutageTimer_evenWhenTokensWouldBeVendedAgain()
      throws Exception {
    User user = connectedUser();
    tokenService.lose(user.userId());
    UpsertEvent command = CommandMother.upsertOfANewTask(user.userId());
    send(command);
    await().atMost(PATIENCE).until(() -> parkedCommands(user.userId()).size() == 1);
    assertThat(parkReasons(user.userId())).containsExactly("CONNECTION_LOST");

    // A re-drive would now succeed: only a reconnect may resume the command.
    tokenService.restore(user.userId());
    Thread.sleep(OUTAGE_SLACK.toMillis());

    assertThat(parkedCommands(user.userId())).containsExactly(command.commandId());
    assertThat(tokenService.requests(user.userId())).isEqualTo(1);
    assertThat(recorder.of(Topics.COMMAND_RESULTS, user.userId())).isEmpty();
    assertThat(google.control().events(user.account())).isEmpty();
    assertThat(parkedGauge("connection-lost")).isGreaterThanOrEqualTo(1);
  }

  @Test
  void connectionLostDuringAnOutage_leavesTheParkedCommandsToTheReconnect() throws Exception {
    User user = connectedUser();
    tokenService.fail(user.userId());
    UpsertEvent command = CommandMother.upsertOfANewTask(user.userId());
    send(command);
    await().atMost(PATIENCE).until(() -> parkReasons(user.userId()).equals(List.of("OUTAGE")));

    // The connection is lost while a re-drive round is in the middle of its token-service retries.
    tokenService.hold(user.userId());
    await().atMost(PATIENCE).until(() -> tokenService.held(user.userId()) > 0);
    send(new ConnectionLost(user.userId(), "invalid_grant", Instant.now()));
    await()
        .atMost(PATIENCE)
        .until(() -> parkReasons(user.userId()).equals(List.of("CONNECTION_LOST")));
    tokenService.release(user.userId());
    // The round ends with token-service still failing; it must not put the queue back to OUTAGE.
    awaitNoNewTokenRequests(user.userId(), Duration.ofSeconds(5));
    assertThat(parkReasons(user.userId()))
        .as("the loss met by the round's end")
        .containsExactly("CONNECTION_LOST");
    int requests = tokenService.requests(user.userId());
    tokenService.restore(user.userId());
    Thread.sleep(OUTAGE_SLACK.toMillis());
    assertThat(tokenService.requests(user.userId()))
        .as("token requests after the connection was lost: the outage timer left it alone")
        .isEqualTo(requests);
    assertThat(parkedCommands(user.userId())).containsExactly(command.commandId());

    reconnect(user);

    CommandApplied applied = (CommandApplied) awaitAllResults(user.userId(), 1).get(0);
    assertThat(applied.action()).isEqualTo(CommandApplied.Action.CREATED);
    assertThat(parkedCommands(user.userId())).isEmpty();
  }

  /** Waits until token-service saw no new request for the user during {@code quiet}. */
  private static void awaitNoNewTokenRequests(String userId, Duration quiet) {
    AtomicInteger last = new AtomicInteger(-1);
    await()
        .atMost(PATIENCE)
        .pollDelay(quiet)
        .pollInterval(quiet)
        .until(
            () -> {
              int now = tokenService.requests(userId);
              return last.getAndSet(now) == now;
            });
  }

  @Test
  void lostConnection_parksCommandsInOrder_andAppliesThemAfterReconnect() throws Exception {
    User user = connectedUser();
    String taskId = UUID.randomUUID().toString();
    String eventId = CommandMother.eventId();
    tokenService.lose(user.userId());
    UpsertEvent create = CommandMother.upsert(user.userId(), taskId, eventId);
    DeleteEvent delete = CommandMother.delete(user.userId(), taskId, eventId);

    send(create);
    send(delete);

    await().atMost(PATIENCE).until(() -> parkedCommands(user.userId()).size() == 2);
    assertThat(parkedCommands(user.userId()))
        .containsExactly(create.commandId(), delete.commandId());
    assertThat(tokenService.requests(user.userId()))
        .as("token requests: the second command is parked without asking again")
        .isEqualTo(1);
    assertThat(recorder.of(Topics.COMMAND_RESULTS, user.userId())).isEmpty();
    assertThat(google.control().events(user.account())).isEmpty();

    tokenService.restore(user.userId());
    reconnect(user);

    List<CommandResult> results = awaitAllResults(user.userId(), 2);
    assertThat(results)
        .extracting(CommandResult::commandId)
        .containsExactly(create.commandId(), delete.commandId());
    assertThat(results)
        .extracting(result -> ((CommandApplied) result).action())
        .containsExactly(CommandApplied.Action.CREATED, CommandApplied.Action.DELETED);
    assertThat(google.control().events(user.account()).get(0).path("status").asText())
        .isEqualTo("cancelled");
    assertThat(parkedCommands(user.userId())).isEmpty();
  }

  @Test
  void revokedConnection_dropsParkedCommands() throws Exception {
    User user = connectedUser();
    tokenService.lose(user.userId());
    UpsertEvent command = CommandMother.upsertOfANewTask(user.userId());
    send(command);
    await().atMost(PATIENCE).until(() -> parkedCommands(user.userId()).size() == 1);

    send(new ConnectionRevoked(user.userId(), Instant.now()));

    await().atMost(PATIENCE).until(() -> parkedCommands(user.userId()).isEmpty());
    assertThat(recorder.of(Topics.COMMAND_RESULTS, user.userId())).isEmpty();
    assertThat(google.control().events(user.account())).isEmpty();
  }

  @Test
  void poisonCommands_goToTheDeadLetterTopic_andTheNextCommandIsStillApplied() throws Exception {
    User user = connectedUser();
    String taskId = UUID.randomUUID().toString();
    UpsertEvent valid = CommandMother.upsert(user.userId(), taskId, CommandMother.eventId());
    // Breaks the contract: the calsyncTaskId property must name the task.
    String body =
        ContractJson.toJson(valid)
            .replace("\"calsyncTaskId\":\"" + taskId + "\"", "\"calsyncTaskId\":\"other\"");
    ProducerRecord<Object, Object> violation =
        new ProducerRecord<>(
            Topics.CALENDAR_COMMANDS, user.userId(), body.getBytes(StandardCharsets.UTF_8));
    CloudEventHeaders.set(violation.headers(), CloudEventHeaders.SPEC_VERSION, "1.0");
    CloudEventHeaders.set(violation.headers(), CloudEventHeaders.TYPE, EventTypes.UPSERT_EVENT);
    CloudEventHeaders.set(violation.headers(), CloudEventHeaders.ID, UUID.randomUUID().toString());
    CloudEventHeaders.set(violation.headers(), CloudEventHeaders.SOURCE, "/tests/poison");
    // A well-formed command under another user's key: it would be applied out of that user's order.
    UpsertEvent misrouted = CommandMother.upsert(user.userId(), taskId, CommandMother.eventId());

    kafka.send(violation).get(10, TimeUnit.SECONDS);
    kafka
        .send(new ProducerRecord<>(Topics.CALENDAR_COMMANDS, user.userId() + "-other", misrouted))
        .get(10, TimeUnit.SECONDS);
    send(valid);

    assertThat(((CommandApplied) awaitResults(valid, 1).get(0)).action())
        .isEqualTo(CommandApplied.Action.CREATED);
    List<ConsumerRecord<String, byte[]>> dead =
        DeadLetters.await(Topics.CALENDAR_COMMANDS, user.userId(), 1, PATIENCE);
    assertThat(new String(dead.get(0).value(), StandardCharsets.UTF_8)).isEqualTo(body);
    assertThat(DeadLetters.text(dead.get(0), KafkaHeaders.DLT_EXCEPTION_STACKTRACE))
        .contains("calsyncTaskId");
    List<ConsumerRecord<String, byte[]>> misroutedDead =
        DeadLetters.await(Topics.CALENDAR_COMMANDS, user.userId() + "-other", 1, PATIENCE);
    assertThat(DeadLetters.text(misroutedDead.get(0), KafkaHeaders.DLT_EXCEPTION_STACKTRACE))
        .contains("the record key must be the command's userId");
    assertThat(recorder.of(Topics.COMMAND_RESULTS, user.userId() + "-other")).isEmpty();
    assertThat(google.control().events(user.account())).hasSize(1);
  }

  // --- helpers

  /** The connection event token-service publishes when the user connects again. */
  private void reconnect(User user) throws Exception {
    send(
        new ConnectionConnected(
            user.userId(),
            user.account(),
            List.of(TestTokenService.CALENDAR_SCOPE),
            SyncSettings.defaults(),
            Instant.now()));
  }

  private void send(ContractMessage message) throws Exception {
    String topic =
        message instanceof CalendarCommand ? Topics.CALENDAR_COMMANDS : Topics.CONNECTION_EVENTS;
    kafka.send(new ProducerRecord<>(topic, message.userId(), message)).get(10, TimeUnit.SECONDS);
  }

  private static List<CommandResult> awaitResults(CalendarCommand command, int count) {
    return awaitRecorded(
        Topics.COMMAND_RESULTS,
        command.userId(),
        CommandResult.class,
        result -> result.commandId().equals(command.commandId()),
        count,
        PATIENCE);
  }

  private static List<CommandResult> awaitAllResults(String userId, int count) {
    return awaitAllResults(userId, count, PATIENCE);
  }

  private static List<CommandResult> awaitAllResults(String userId, int count, Duration within) {
    return awaitRecorded(
        Topics.COMMAND_RESULTS, userId, CommandResult.class, result -> true, count, within);
  }

  private static EventChanged awaitEventChange(String userId, String eventId) {
    return awaitRecorded(
            Topics.EVENT_CHANGES,
            userId,
            EventChanged.class,
            change -> change.eventId().equals(eventId),
            1,
            PATIENCE)
        .get(0);
  }

  /**
   * Waits until {@code count} of the user's records on {@code topic} match {@code filter}, and
   * returns them in order; no further match may have arrived with them.
   */
  private static <T> List<T> awaitRecorded(
      String topic, String userId, Class<T> type, Predicate<T> filter, int count, Duration within) {
    List<T> matching = new ArrayList<>();
    await()
        .atMost(within)
        .untilAsserted(
            () -> {
              matching.clear();
              recorder.of(topic, userId).stream()
                  .map(record -> type.cast(record.value()))
                  .filter(filter)
                  .forEach(matching::add);
              assertThat(matching).hasSizeGreaterThanOrEqualTo(count);
            });
    assertThat(matching).hasSize(count);
    return matching;
  }

  private double retriedCallsInMetrics() {
    return metric(
        "resilience4j_retry_calls_total\\{[^}]*kind=\"successful_with_retry\"[^}]*"
            + "name=\"google-calendar\"[^}]*} ([0-9.E]+)",
        "retry metric");
  }

  private double parkedGauge(String reason) {
    return metric(
        "calsync_commands_parked\\{[^}]*reason=\"" + reason + "\"[^}]*} ([0-9.E]+)",
        "parked gauge");
  }

  /** The value that {@code regex}'s first group captures in the Prometheus scrape. */
  private double metric(String regex, String what) {
    String scrape =
        http.get()
            .uri("/actuator/prometheus")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(String.class)
            .returnResult()
            .getResponseBody();
    Matcher matcher = Pattern.compile(regex).matcher(scrape);
    assertThat(matcher.find()).as("%s in %s", what, "/actuator/prometheus").isTrue();
    return Double.parseDouble(matcher.group(1));
  }

  private static List<String> parkReasons(String userId) throws Exception {
    return parkedColumn(userId, "reason");
  }

  private static List<String> parkedCommands(String userId) throws Exception {
    return parkedColumn(userId, "command_id");
  }

  private static List<String> parkedColumn(String userId, String column) throws Exception {
    try (Connection connection = harness.database().connect();
        PreparedStatement statement =
            connection.prepareStatement(
                "SELECT " + column + " FROM parked_command WHERE user_id = ? ORDER BY sequence")) {
      statement.setString(1, userId);
      List<String> ids = new ArrayList<>();
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          ids.add(rows.getString(1));
        }
      }
      return ids;
    }
  }
}
