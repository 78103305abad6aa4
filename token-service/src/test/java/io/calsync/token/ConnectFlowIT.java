package io.calsync.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.hasItem;

import io.calsync.contracts.ContractMessage;
import io.calsync.contracts.Topics;
import io.calsync.contracts.connection.ConnectionConnected;
import io.calsync.contracts.connection.ConnectionRevoked;
import io.calsync.contracts.connection.SyncSettings;
import io.calsync.token.crypto.TokenCipher;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The connect flow end to end against the emulated Google, real Kafka and real PostgreSQL: connect,
 * reconnect, disconnect, encryption at rest, and every way a callback must be refused.
 */
class ConnectFlowIT extends TokenServiceWithGoogleIT {

  private static final MediaType PROBLEM = MediaType.APPLICATION_PROBLEM_JSON;
  private static final String CALENDAR_EVENTS = "https://www.googleapis.com/auth/calendar.events";

  private ConnectSteps steps;
  private final TokenCipher cipher =
      new TokenCipher(TestGoogle.KEY_ID, Map.of(TestGoogle.KEY_ID, TestGoogle.KEY));

  @BeforeEach
  void steps() {
    steps = new ConnectSteps(http, google);
  }

  @Test
  void asksGoogleForOfflineCalendarEventsAccessWithPkceAndSignedState() {
    String url = steps.start(newUser());

    assertThat(url).startsWith(google.authorizationUrl() + "?");
    Map<String, String> query =
        UriComponentsBuilder.fromUriString(url).build().getQueryParams().toSingleValueMap();
    assertThat(query)
        .containsEntry("response_type", "code")
        .containsEntry("client_id", TestGoogle.CLIENT_ID)
        .containsEntry("access_type", "offline")
        .containsEntry("prompt", "consent")
        .containsEntry("code_challenge_method", "S256");
    assertThat(decode(query.get("scope")).split(" "))
        .containsExactlyInAnyOrder(CALENDAR_EVENTS, "openid", "email");
    assertThat(decode(query.get("state"))).matches("[A-Za-z0-9_-]{43}\\.[A-Za-z0-9_-]{43}");
    assertThat(query.get("code_challenge")).matches("[A-Za-z0-9_-]{43}");
    assertThat(url).doesNotContain(TestGoogle.CLIENT_SECRET);
  }

  @Test
  void connectsTheUser_storesTheRefreshTokenEncrypted_andPublishesConnectionConnected()
      throws SQLException {
    String userId = newUser();

    steps.connect(userId, "alice@example.com");

    http.get()
        .uri("/api/v1/connections/google")
        .headers(h -> h.setBearerAuth(TestJwts.user(userId)))
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.status")
        .isEqualTo("CONNECTED")
        .jsonPath("$.googleAccountEmail")
        .isEqualTo("alice@example.com")
        .jsonPath("$.scopes")
        .value(hasItem(CALENDAR_EVENTS))
        .jsonPath("$.connectedAt")
        .isNotEmpty()
        .jsonPath("$.lastSuccessfulSyncAt")
        .doesNotExist();

    StoredToken stored = storedToken(userId);
    assertThat(stored.keyId()).isEqualTo(TestGoogle.KEY_ID);
    String refreshToken = cipher.decrypt(stored.sealed(), userId);
    assertThat(refreshToken).startsWith("1//");
    assertThat(refreshWorksAtGoogle(refreshToken)).isTrue();
    assertThat(indexOf(stored.ciphertext(), refreshToken.getBytes(StandardCharsets.UTF_8)))
        .as("plaintext refresh token in the stored bytes")
        .isEqualTo(-1);
    assertThat(new String(stored.ciphertext(), StandardCharsets.ISO_8859_1))
        .doesNotContain(refreshToken)
        .doesNotContain(Base64.getEncoder().encodeToString(refreshToken.getBytes()));

    List<ContractMessage> events = TopicReader.messages(database, Topics.CONNECTION_EVENTS, userId);
    assertThat(events).hasSize(1);
    ConnectionConnected connected = (ConnectionConnected) events.get(0);
    assertThat(connected.userId()).isEqualTo(userId);
    assertThat(connected.googleAccountEmail()).isEqualTo("alice@example.com");
    assertThat(connected.scopes()).contains(CALENDAR_EVENTS);
    assertThat(connected.settings()).isEqualTo(SyncSettings.defaults());
    String ceId =
        new String(
            TopicReader.records(database, Topics.CONNECTION_EVENTS, userId)
                .get(0)
                .headers()
                .lastHeader("ce_id")
                .value(),
            StandardCharsets.UTF_8);
    assertThat(
            count(
                "select count(*) from outbox where published_at is not null and id = '"
                    + ceId
                    + "' and aggregateid = '"
                    + userId
                    + "'"))
        .as("relayed from the outbox row written with the connection")
        .isEqualTo(1);
  }

  @Test
  void readsRowsWrittenUnderTheOldKey_afterTheActiveKeyRotated() throws SQLException {
    String userId = newUser();
    steps.connect(userId, "alice@example.com");
    StoredToken old = storedToken(userId);
    String plaintext = cipher.decrypt(old.sealed(), userId);

    String newKey =
        Base64.getEncoder()
            .encodeToString(UUID.randomUUID().toString().substring(0, 32).getBytes());
    TokenCipher rotated =
        new TokenCipher("k2", Map.of(TestGoogle.KEY_ID, TestGoogle.KEY, "k2", newKey));

    assertThat(rotated.decrypt(old.sealed(), userId)).isEqualTo(plaintext);
    TokenCipher.Sealed rewritten = rotated.encrypt(plaintext, userId);
    assertThat(rewritten.keyId()).isEqualTo("k2");
    assertThat(rotated.decrypt(rewritten, userId)).isEqualTo(plaintext);
    assertThatThrownBy(
            () -> new TokenCipher("k2", Map.of("k2", newKey)).decrypt(old.sealed(), userId))
        .hasMessageContaining("no encryption key `k1`");
  }

  @Test
  void reconnectingReplacesTheTokensInPlace_underTheSameUserKey() throws SQLException {
    String userId = newUser();
    steps.connect(userId, "alice@example.com");
    String first = cipher.decrypt(storedToken(userId).sealed(), userId);

    long revokesBefore = google.callCount("oauth.revoke");
    steps.connect(userId, "alice@example.com");

    String second = cipher.decrypt(storedToken(userId).sealed(), userId);
    assertThat(second).isNotEqualTo(first);
    // Same account, one grant at Google: revoking the old token would end the new one too.
    assertThat(google.callCount("oauth.revoke")).isEqualTo(revokesBefore);
    assertThat(refreshWorksAtGoogle(second)).isTrue();
    assertThat(count("select count(*) from google_connection where user_id = '" + userId + "'"))
        .isEqualTo(1);
    List<ContractMessage> events = TopicReader.messages(database, Topics.CONNECTION_EVENTS, userId);
    assertThat(events)
        .hasSize(2)
        .allSatisfy(e -> assertThat(e).isInstanceOf(ConnectionConnected.class));
  }

  @Test
  void reconnectingWithAnotherAccount_revokesThePreviousAccountsGrant() throws SQLException {
    String userId = newUser();
    steps.connect(userId, "alice@example.com");
    String alicesToken = cipher.decrypt(storedToken(userId).sealed(), userId);
    long revokesBefore = google.callCount("oauth.revoke");

    steps.connect(userId, "bob@example.com");

    String bobsToken = cipher.decrypt(storedToken(userId).sealed(), userId);
    assertThat(google.callCount("oauth.revoke")).isEqualTo(revokesBefore + 1);
    assertThat(refreshWorksAtGoogle(alicesToken)).as("alice's grant, no longer used").isFalse();
    assertThat(refreshWorksAtGoogle(bobsToken)).as("bob's grant, in use").isTrue();
    status(userId)
        .jsonPath("$.status")
        .isEqualTo("CONNECTED")
        .jsonPath("$.googleAccountEmail")
        .isEqualTo("bob@example.com");
  }

  @Test
  void disconnecting_revokesAtGoogle_erasesTheTokens_andPublishesConnectionRevoked()
      throws SQLException {
    String userId = newUser();
    steps.connect(userId, "bob@example.com");
    String refreshToken = cipher.decrypt(storedToken(userId).sealed(), userId);
    long revokesBefore = google.callCount("oauth.revoke");

    http.delete()
        .uri("/api/v1/connections/google")
        .headers(h -> h.setBearerAuth(TestJwts.user(userId)))
        .exchange()
        .expectStatus()
        .isNoContent();

    assertThat(google.callCount("oauth.revoke")).isEqualTo(revokesBefore + 1);
    assertThat(refreshWorksAtGoogle(refreshToken)).isFalse();
    assertThat(
            count(
                "select count(*) from google_connection where user_id = '"
                    + userId
                    + "' and encrypted_refresh_token is null and status = 'REVOKED'"))
        .isEqualTo(1);
    status(userId).jsonPath("$.status").isEqualTo("REVOKED");
    List<ContractMessage> events = TopicReader.messages(database, Topics.CONNECTION_EVENTS, userId);
    assertThat(events.get(events.size() - 1)).isInstanceOf(ConnectionRevoked.class);
  }

  @Test
  void aUserSeesAndChangesOnlyTheirOwnConnection() {
    String alice = newUser();
    String mallory = newUser();
    steps.connect(alice, "alice@example.com");

    status(mallory)
        .jsonPath("$.userId")
        .isEqualTo(mallory)
        .jsonPath("$.status")
        .isEqualTo("DISCONNECTED")
        .jsonPath("$.googleAccountEmail")
        .doesNotExist();
    http.delete()
        .uri("/api/v1/connections/google")
        .headers(h -> h.setBearerAuth(TestJwts.user(mallory)))
        .exchange()
        .expectStatus()
        .isNotFound()
        .expectHeader()
        .contentTypeCompatibleWith(PROBLEM);
    http.put()
        .uri("/api/v1/sync/settings")
        .headers(h -> h.setBearerAuth(TestJwts.user(mallory)))
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(
            Map.of(
                "mode", "PAUSED",
                "completedTaskPolicy", "DELETE_EVENT",
                "dateOnlyTaskPolicy", "SKIP",
                "defaultEventDurationMinutes", 15))
        .exchange()
        .expectStatus()
        .isOk();

    status(alice)
        .jsonPath("$.status")
        .isEqualTo("CONNECTED")
        .jsonPath("$.googleAccountEmail")
        .isEqualTo("alice@example.com");
    http.get()
        .uri("/api/v1/sync/settings")
        .headers(h -> h.setBearerAuth(TestJwts.user(alice)))
        .exchange()
        .expectBody()
        .jsonPath("$.mode")
        .isEqualTo("TWO_WAY");
  }

  @Test
  void rejectsAForgedState_andCreatesNoConnection() {
    String victim = newUser();
    String callback = steps.consent(steps.start(victim), "alice@example.com");
    String state = queryParam(callback, "state");
    String forgedSignature = state.substring(0, state.indexOf('.') + 1) + "A".repeat(43);

    for (String forged : List.of("made-up.state", forgedSignature, "no-dot-at-all")) {
      steps
          .callback(withState(callback, forged))
          .expectStatus()
          .isBadRequest()
          .expectHeader()
          .contentTypeCompatibleWith(PROBLEM)
          .expectBody()
          .jsonPath("$.type")
          .isEqualTo("https://calsync.io/problems/invalid-oauth-state");
    }
    status(victim).jsonPath("$.status").isEqualTo("DISCONNECTED");

    // The forgeries did not burn the genuine state.
    steps.callback(callback).expectStatus().isFound();
    status(victim).jsonPath("$.status").isEqualTo("CONNECTED");
  }

  @Test
  void rejectsAStateIssuedToAnotherUser() {
    String alice = newUser();
    String mallory = newUser();
    String aliceState = queryParam(steps.consent(steps.start(alice), "alice@example.com"), "state");
    String malloryCallback = steps.consent(steps.start(mallory), "bob@example.com");
    String malloryState = queryParam(malloryCallback, "state");
    // Alice's nonce with Mallory's signature: the signature binds the nonce to its user.
    String spliced =
        aliceState.substring(0, aliceState.indexOf('.'))
            + malloryState.substring(malloryState.indexOf('.'));

    steps.callback(withState(malloryCallback, spliced)).expectStatus().isBadRequest();

    status(alice).jsonPath("$.status").isEqualTo("DISCONNECTED");
    status(mallory).jsonPath("$.status").isEqualTo("DISCONNECTED");
  }

  @Test
  void rejectsACallbackCompletedInAnotherBrowser() {
    String attacker = newUser();
    // The attacker starts a connect for their own CRM user and lures the victim into consenting.
    String callback = steps.consent(steps.start(attacker), "alice@example.com");

    new ConnectSteps(http, google).callbackRejected(callback, "another browser");

    status(attacker).jsonPath("$.status").isEqualTo("DISCONNECTED");
  }

  @Test
  void rejectsAReplayedState() {
    String userId = newUser();
    String callback = steps.consent(steps.start(userId), "alice@example.com");
    steps.callback(callback).expectStatus().isFound();

    steps.callbackRejected(callback, "already used");

    assertThat(TopicReader.messages(database, Topics.CONNECTION_EVENTS, userId)).hasSize(1);
  }

  @Test
  void rejectsAnExpiredState_withoutExchangingTheCode() throws SQLException {
    String userId = newUser();
    String callback = steps.consent(steps.start(userId), "alice@example.com");
    execute(
        "update oauth_state set expires_at = now() - interval '1 minute' where user_id = '"
            + userId
            + "'");
    long tokenCallsBefore = google.callCount("oauth.token");

    steps.callbackRejected(callback, "expired");

    assertThat(google.callCount("oauth.token")).isEqualTo(tokenCallsBefore);
    status(userId).jsonPath("$.status").isEqualTo("DISCONNECTED");
    assertThat(TopicReader.messages(database, Topics.CONNECTION_EVENTS, userId)).isEmpty();
  }

  @Test
  void aUserWhoDeclinesAtGoogle_returnsToThePageNotConnected() {
    String userId = newUser();
    String callback = google.denyConsent(steps.start(userId), "alice@example.com");

    steps
        .callback(callback)
        .expectStatus()
        .isFound()
        .expectHeader()
        .value("Location", location -> assertThat(location).endsWith("/?error=access_denied"));

    status(userId).jsonPath("$.status").isEqualTo("DISCONNECTED");
  }

  @Test
  void refusesToReturnTheBrowserToAPageOffTheAllowList() {
    http.post()
        .uri("/api/v1/connections/google/authorization-requests")
        .headers(h -> h.setBearerAuth(TestJwts.user(newUser())))
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("returnUrl", "https://evil.example/steal"))
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectHeader()
        .contentTypeCompatibleWith(PROBLEM);
  }

  @Test
  void theApiNeedsABearerToken() {
    http.get().uri("/api/v1/connections/google").exchange().expectStatus().isUnauthorized();
    http.post()
        .uri("/api/v1/connections/google/authorization-requests")
        .exchange()
        .expectStatus()
        .isUnauthorized();
  }

  private WebTestClient.BodyContentSpec status(String userId) {
    return ConnectSteps.connectionStatus(http, userId);
  }

  private static String newUser() {
    return "user-" + UUID.randomUUID();
  }

  private static String decode(String value) {
    return URLDecoder.decode(value, StandardCharsets.UTF_8);
  }

  private static String queryParam(String url, String name) {
    return decode(UriComponentsBuilder.fromUriString(url).build().getQueryParams().getFirst(name));
  }

  private static String withState(String callback, String state) {
    return UriComponentsBuilder.fromUriString(callback)
        .replaceQueryParam("state", state)
        .build()
        .toUriString();
  }

  /** Uses the refresh token at Google directly, as an attacker holding it would. */
  private static boolean refreshWorksAtGoogle(String refreshToken) {
    String form =
        "grant_type=refresh_token&client_id="
            + TestGoogle.CLIENT_ID
            + "&client_secret="
            + TestGoogle.CLIENT_SECRET
            + "&refresh_token="
            + URLEncoder.encode(refreshToken, StandardCharsets.UTF_8);
    try {
      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(google.tokenUrl()))
                      .header("Content-Type", "application/x-www-form-urlencoded")
                      .POST(HttpRequest.BodyPublishers.ofString(form))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == HttpStatus.OK.value();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private record StoredToken(String keyId, byte[] ciphertext) {
    TokenCipher.Sealed sealed() {
      return new TokenCipher.Sealed(keyId, ciphertext);
    }
  }

  private StoredToken storedToken(String userId) throws SQLException {
    try (Connection connection = database.connect();
        var statement =
            connection.prepareStatement(
                "select refresh_token_key_id, encrypted_refresh_token from google_connection"
                    + " where user_id = ?")) {
      statement.setString(1, userId);
      try (ResultSet row = statement.executeQuery()) {
        assertThat(row.next()).as("connection row of %s", userId).isTrue();
        return new StoredToken(row.getString(1), row.getBytes(2));
      }
    }
  }

  private long count(String sql) throws SQLException {
    try (Connection connection = database.connect();
        var statement = connection.createStatement();
        ResultSet row = statement.executeQuery(sql)) {
      row.next();
      return row.getLong(1);
    }
  }

  private void execute(String sql) throws SQLException {
    try (Connection connection = database.connect();
        var statement = connection.createStatement()) {
      statement.executeUpdate(sql);
    }
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
