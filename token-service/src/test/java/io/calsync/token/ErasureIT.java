package io.calsync.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.calsync.contracts.Topics;
import io.calsync.contracts.cloudevents.CloudEventHeaders;
import io.calsync.token.TestConnector.Call;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * "Disconnect and erase my data" ({@code POST /api/v1/connections/google/erasures}) against the
 * emulator, real Kafka and PostgreSQL, with {@link TestConnector} standing in for
 * calendar-connector's Google clean-up.
 */
class ErasureIT extends TokenServiceWithGoogleIT {

  /**
   * Every table of this service with rows of a user, and the column naming the user; {@link
   * #everyTableWithAUserColumn_isErased} fails when a table with a user column is missing here.
   */
  private static final Map<String, String> USER_ROWS =
      Map.of(
          "google_connection", "user_id",
          "sync_settings", "user_id",
          "oauth_state", "user_id",
          "outbox", "aggregateid");

  @Test
  void eraseWithoutDeletingEvents_revokesAtGoogle_deletesEveryRow_andPublishesATombstone()
      throws Exception {
    String userId = connectedUserWithSettings();
    String other = connectedUserWithSettings();
    Map<String, Long> otherBefore = rows(other);
    assertThat(rows(userId)).allSatisfy((table, rows) -> assertThat(rows).as(table).isPositive());
    long revokesBefore = google.callCount("oauth.revoke");
    Instant before = Instant.now();

    erase(userId, "{\"deleteCreatedEvents\":false}")
        .expectStatus()
        .isAccepted()
        .expectBody()
        .jsonPath("$.createdEventsDeleted")
        .isEqualTo(0)
        .jsonPath("$.erasedAt")
        .isNotEmpty();

    assertThat(connector.calls(userId)).containsExactly(new Call(userId, false));
    assertThat(google.callCount("oauth.revoke")).isEqualTo(revokesBefore + 1);
    List<ConsumerRecord<String, byte[]>> records =
        TopicReader.records(database, Topics.CONNECTION_EVENTS, userId);
    ConsumerRecord<String, byte[]> tombstone = records.get(records.size() - 1);
    assertThat(tombstone.value()).as("a tombstone").isNull();
    assertThat(Instant.parse(header(tombstone, CloudEventHeaders.TIME))).isAfterOrEqualTo(before);
    assertThat(header(tombstone, CloudEventHeaders.ID)).isNotBlank();
    awaitErased(userId);
    assertThat(rows(other)).isEqualTo(otherBefore);

    status(userId).jsonPath("$.status").isEqualTo("DISCONNECTED");
    http.get()
        .uri("/internal/v1/users/{userId}/google-access-token", userId)
        .headers(h -> h.setBearerAuth(TestJwts.service()))
        .exchange()
        .expectStatus()
        .isNotFound();
  }

  @Test
  void eraseDeletingEvents_asksTheConnectorToDeleteThemBeforeRevoking() throws Exception {
    String userId = connectedUserWithSettings();

    erase(userId, "{\"deleteCreatedEvents\":true}")
        .expectStatus()
        .isAccepted()
        .expectBody()
        .jsonPath("$.createdEventsDeleted")
        .isEqualTo(2)
        .jsonPath("$.stampedEventsKept")
        .isEqualTo(1);

    assertThat(connector.calls(userId)).containsExactly(new Call(userId, true));
    awaitErased(userId);
  }

  @Test
  void eraseDeletingEvents_whenTheConnectorIsDown_erasesNothing_butWithoutDeletingItGoesOn()
      throws Exception {
    String userId = connectedUserWithSettings();
    connector.fail(userId);
    long revokesBefore = google.callCount("oauth.revoke");

    erase(userId, "{\"deleteCreatedEvents\":true}")
        .expectStatus()
        .isEqualTo(503)
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo("https://calsync.io/problems/connector-unavailable");
    status(userId).jsonPath("$.status").isEqualTo("CONNECTED");
    assertThat(google.callCount("oauth.revoke")).isEqualTo(revokesBefore);
    assertThat(TopicReader.records(database, Topics.CONNECTION_EVENTS, userId))
        .allSatisfy(record -> assertThat(record.value()).isNotNull());

    // The push channels expire at Google on their own: not reaching the connector does not hold
    // up an erase that deletes no events.
    erase(userId, "{\"deleteCreatedEvents\":false}").expectStatus().isAccepted();
    awaitErased(userId);
  }

  @Test
  void eraseDeletingEvents_needsAWorkingConnection_butAnyUserCanErase() throws Exception {
    String userId = "user-" + UUID.randomUUID();
    settings(userId);

    erase(userId, "{\"deleteCreatedEvents\":true}")
        .expectStatus()
        .isEqualTo(409)
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo("https://calsync.io/problems/cannot-delete-events");
    assertThat(rows(userId).get("sync_settings")).isEqualTo(1);

    erase(userId, null).expectStatus().isAccepted();
    awaitErased(userId);
    assertThat(connector.calls(userId)).isEmpty();
    List<ConsumerRecord<String, byte[]>> records =
        TopicReader.records(database, Topics.CONNECTION_EVENTS, userId);
    assertThat(records.get(records.size() - 1).value()).isNull();
  }

  @Test
  void eraseNeedsAUserToken() {
    http.post()
        .uri("/api/v1/connections/google/erasures")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{}")
        .exchange()
        .expectStatus()
        .isUnauthorized();
  }

  @Test
  void everyTableWithAUserColumn_isErased() throws Exception {
    Set<String> tables = new TreeSet<>();
    try (Connection connection = database.connect();
        PreparedStatement statement =
            connection.prepareStatement(
                "SELECT DISTINCT table_name FROM information_schema.columns"
                    + " WHERE table_schema = current_schema()"
                    + " AND (column_name ILIKE '%user%' OR column_name = 'aggregateid')");
        ResultSet rows = statement.executeQuery()) {
      while (rows.next()) {
        tables.add(rows.getString(1));
      }
    }
    assertThat(USER_ROWS.keySet()).containsExactlyInAnyOrderElementsOf(tables);
  }

  /** Connected, settings saved, a second connect attempt started: a row in every table. */
  private String connectedUserWithSettings() {
    String userId = "user-" + UUID.randomUUID();
    new ConnectSteps(http, google).connect(userId, "alice@example.com");
    settings(userId);
    new ConnectSteps(http, google).start(userId);
    return userId;
  }

  private void settings(String userId) {
    http.put()
        .uri("/api/v1/sync/settings")
        .headers(h -> h.setBearerAuth(TestJwts.user(userId)))
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(
            "{\"mode\":\"TWO_WAY\",\"completedTaskPolicy\":\"MARK_EVENT\","
                + "\"dateOnlyTaskPolicy\":\"SKIP\",\"defaultEventDurationMinutes\":30}")
        .exchange()
        .expectStatus()
        .isOk();
  }

  private WebTestClient.ResponseSpec erase(String userId, String body) {
    var request =
        http.post()
            .uri("/api/v1/connections/google/erasures")
            .headers(h -> h.setBearerAuth(TestJwts.user(userId)));
    return body == null
        ? request.exchange()
        : request.contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
  }

  private WebTestClient.BodyContentSpec status(String userId) {
    return ConnectSteps.connectionStatus(http, userId);
  }

  /** Every row of the user gone, the tombstone's outbox row included once it was relayed. */
  private static void awaitErased(String userId) {
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(rows(userId))
                    .allSatisfy((table, rows) -> assertThat(rows).as(table).isZero()));
  }

  private static String header(ConsumerRecord<String, byte[]> record, String name) {
    var header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  private static Map<String, Long> rows(String userId) throws SQLException {
    Map<String, Long> rows = new LinkedHashMap<>();
    for (var table : USER_ROWS.entrySet()) {
      try (Connection connection = database.connect();
          PreparedStatement statement =
              connection.prepareStatement(
                  "SELECT count(*) FROM "
                      + table.getKey()
                      + " WHERE "
                      + table.getValue()
                      + " = ?")) {
        statement.setString(1, userId);
        try (ResultSet result = statement.executeQuery()) {
          result.next();
          rows.put(table.getKey(), result.getLong(1));
        }
      }
    }
    return rows;
  }
}
