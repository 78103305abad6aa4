package io.calsync.token;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import io.calsync.contracts.ContractMessage;
import io.calsync.contracts.Topics;
import io.calsync.contracts.calendar.SendUpdates;
import io.calsync.contracts.connection.CompletedTaskPolicy;
import io.calsync.contracts.connection.ConnectionConnected;
import io.calsync.contracts.connection.DateOnlyTaskPolicy;
import io.calsync.contracts.connection.GoogleEventDeletionPolicy;
import io.calsync.contracts.connection.InvitationPolicy;
import io.calsync.contracts.connection.SyncMode;
import io.calsync.contracts.connection.SyncSettings;
import io.calsync.contracts.connection.SyncSettingsChanged;
import io.calsync.contracts.sync.SyncNowRequested;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Sync settings (validated, published) and "Sync Now" (published, rate-limited). */
class SettingsAndSyncNowIT extends TokenServiceWithGoogleIT {

  private static final SyncSettings CUSTOM =
      new SyncSettings(
          SyncMode.CRM_TO_GOOGLE,
          CompletedTaskPolicy.DELETE_EVENT,
          DateOnlyTaskPolicy.ALL_DAY_EVENT,
          45,
          "Europe/Berlin",
          SendUpdates.NONE,
          GoogleEventDeletionPolicy.DELETE_EVENT,
          InvitationPolicy.ALL);

  @Test
  void savesSettings_andPublishesSyncSettingsChanged() {
    String userId = connectedUser();

    put(userId, body(CUSTOM))
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.mode")
        .isEqualTo("CRM_TO_GOOGLE")
        .jsonPath("$.sendUpdates")
        .isEqualTo("none")
        .jsonPath("$.googleEventDeletionPolicy")
        .isEqualTo("DELETE_EVENT")
        .jsonPath("$.invitationPolicy")
        .isEqualTo("ALL");
    http.get()
        .uri("/api/v1/sync/settings")
        .headers(h -> h.setBearerAuth(TestJwts.user(userId)))
        .exchange()
        .expectBody()
        .jsonPath("$.defaultEventDurationMinutes")
        .isEqualTo(45)
        .jsonPath("$.timeZone")
        .isEqualTo("Europe/Berlin");

    List<ContractMessage> events = TopicReader.messages(database, Topics.CONNECTION_EVENTS, userId);
    SyncSettingsChanged changed = (SyncSettingsChanged) events.get(events.size() - 1);
    assertThat(changed.settings()).isEqualTo(CUSTOM);
    assertThat(changed.connected()).isTrue();
  }

  @Test
  void aLaterConnectCarriesTheSavedSettings() {
    String userId = "user-" + UUID.randomUUID();
    put(userId, body(CUSTOM)).expectStatus().isOk();
    assertThat(
            ((SyncSettingsChanged)
                    TopicReader.messages(database, Topics.CONNECTION_EVENTS, userId).get(0))
                .connected())
        .isFalse();

    new ConnectSteps(http, google).connect(userId, "alice@example.com");

    List<ContractMessage> events = TopicReader.messages(database, Topics.CONNECTION_EVENTS, userId);
    assertThat(((ConnectionConnected) events.get(events.size() - 1)).settings()).isEqualTo(CUSTOM);
  }

  @Test
  void rejectsInvalidSettings_withProblemJson_andPublishesNothing() {
    String userId = connectedUser();
    List<Map<String, Object>> invalid =
        List.of(
            with("defaultEventDurationMinutes", 0),
            with("defaultEventDurationMinutes", 100_000),
            with("timeZone", "Mars/Olympus_Mons"),
            with("timeZone", "+02:00"),
            with("timeZone", "UTC+1"),
            with("mode", "SIDEWAYS"),
            with("completedTaskPolicy", null),
            with("googleEventDeletionPolicy", "SOMETIMES"),
            with("invitationPolicy", "NONE"),
            with("invitationPolicy", 7));
    int before = TopicReader.messages(database, Topics.CONNECTION_EVENTS, userId).size();

    for (Map<String, Object> body : invalid) {
      put(userId, body)
          .expectStatus()
          .isBadRequest()
          .expectHeader()
          .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    }

    assertThat(TopicReader.messages(database, Topics.CONNECTION_EVENTS, userId)).hasSize(before);
    http.get()
        .uri("/api/v1/sync/settings")
        .headers(h -> h.setBearerAuth(TestJwts.user(userId)))
        .exchange()
        .expectBody()
        .jsonPath("$.mode")
        .isEqualTo("TWO_WAY");
  }

  @Test
  void settingsWithoutTheNewPolicies_takeTheirDefaults() {
    String userId = connectedUser();
    put(userId, body(CUSTOM)).expectStatus().isOk();
    Map<String, Object> older = body(CUSTOM);
    older.remove("googleEventDeletionPolicy");
    older.remove("invitationPolicy");

    put(userId, older)
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.googleEventDeletionPolicy")
        .isEqualTo("KEEP_EVENT")
        .jsonPath("$.invitationPolicy")
        .isEqualTo("ACCEPTED_ONLY");

    List<ContractMessage> events = TopicReader.messages(database, Topics.CONNECTION_EVENTS, userId);
    SyncSettings published = ((SyncSettingsChanged) events.get(events.size() - 1)).settings();
    assertThat(published.googleEventDeletionPolicy())
        .isEqualTo(GoogleEventDeletionPolicy.KEEP_EVENT);
    assertThat(published.invitationPolicy()).isEqualTo(InvitationPolicy.ACCEPTED_ONLY);
  }

  @Test
  void syncNow_publishesSyncNowRequested_andIsRateLimitedPerUser() {
    String userId = connectedUser();
    String other = connectedUser();

    byte[] accepted =
        syncNow(userId)
            .expectStatus()
            .isAccepted()
            .expectBody()
            .jsonPath("$.requestId")
            .isNotEmpty()
            .returnResult()
            .getResponseBody();
    String requestId = JsonPath.read(new String(accepted), "$.requestId");

    List<ContractMessage> requests = TopicReader.messages(database, Topics.SYNC_REQUESTS, userId);
    assertThat(requests).hasSize(1);
    SyncNowRequested request = (SyncNowRequested) requests.get(0);
    assertThat(request.requestId()).isEqualTo(requestId);
    assertThat(request.requestedBy()).isEqualTo(userId);

    syncNow(userId)
        .expectStatus()
        .isEqualTo(429)
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectHeader()
        .value("Retry-After", seconds -> assertThat(Integer.parseInt(seconds)).isBetween(1, 30));
    assertThat(TopicReader.messages(database, Topics.SYNC_REQUESTS, userId)).hasSize(1);
    syncNow(other).expectStatus().isAccepted();
  }

  @Test
  void syncNow_needsAConnection() {
    syncNow("user-" + UUID.randomUUID())
        .expectStatus()
        .isNotFound()
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
  }

  private WebTestClient.ResponseSpec syncNow(String userId) {
    return http.post()
        .uri("/api/v1/sync/requests")
        .headers(h -> h.setBearerAuth(TestJwts.user(userId)))
        .exchange();
  }

  private WebTestClient.ResponseSpec put(String userId, Map<String, Object> body) {
    return http.put()
        .uri("/api/v1/sync/settings")
        .headers(h -> h.setBearerAuth(TestJwts.user(userId)))
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(body)
        .exchange();
  }

  private String connectedUser() {
    String userId = "user-" + UUID.randomUUID();
    new ConnectSteps(http, google).connect(userId, "bob@example.com");
    return userId;
  }

  private static Map<String, Object> body(SyncSettings settings) {
    Map<String, Object> body = new HashMap<>();
    body.put("mode", settings.mode().name());
    body.put("completedTaskPolicy", settings.completedTaskPolicy().name());
    body.put("dateOnlyTaskPolicy", settings.dateOnlyTaskPolicy().name());
    body.put("defaultEventDurationMinutes", settings.defaultEventDurationMinutes());
    body.put("timeZone", settings.timeZone());
    body.put("sendUpdates", "none");
    body.put("googleEventDeletionPolicy", settings.googleEventDeletionPolicy().name());
    body.put("invitationPolicy", settings.invitationPolicy().name());
    return body;
  }

  private static Map<String, Object> with(String field, Object value) {
    Map<String, Object> body = body(SyncSettings.defaults());
    body.put(field, value);
    return body;
  }
}
