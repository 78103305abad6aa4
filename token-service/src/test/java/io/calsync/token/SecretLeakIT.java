package io.calsync.token;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.jayway.jsonpath.JsonPath;
import io.calsync.contracts.Topics;
import io.calsync.token.crypto.TokenCipher;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;

/**
 * No token or secret leaves the service by a side door: a full connect, refresh, forced refresh,
 * disconnect, loss and a refused callback run with DEBUG logging of this service and Spring's web
 * stack, and then no log line, Kafka record (body or header) or error body contains the client
 * secret, a refresh token or an access token.
 */
class SecretLeakIT extends TokenServiceWithGoogleIT {

  private static final List<String> VERBOSE =
      List.of(
          "io.calsync.token",
          "org.springframework.web",
          "org.springframework.http",
          "org.springframework.security",
          "org.springframework.r2dbc",
          "org.springframework.kafka");

  private static final Pattern GOOGLE_EXCHANGE =
      Pattern.compile(
          "^\\[([^\\]]+)\\] HTTP [A-Z]+ \"(/token|/revoke|/oauth2/v3/userinfo|/o/oauth2/|/emulator/)");

  @Autowired LoggingSystem loggingSystem;

  private final TokenCipher cipher =
      new TokenCipher(TestGoogle.KEY_ID, Map.of(TestGoogle.KEY_ID, TestGoogle.KEY));

  @Test
  void noTokenOrSecretAppearsInLogsRecordsOrErrorBodies() throws Exception {
    String alice = "user-" + UUID.randomUUID();
    String carol = "user-" + UUID.randomUUID();
    List<String> secrets = new ArrayList<>(List.of(TestGoogle.CLIENT_SECRET));
    List<String> errorBodies = new ArrayList<>();
    ConnectSteps steps = new ConnectSteps(http, google);

    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    logs.start();
    root.addAppender(logs);
    VERBOSE.forEach(name -> loggingSystem.setLogLevel(name, LogLevel.DEBUG));
    try {
      steps.connect(alice, "alice@example.com");
      secrets.add(refreshToken(alice));
      secrets.add(accessToken(alice, false));
      secrets.add(accessToken(alice, true));
      http.delete()
          .uri("/api/v1/connections/google")
          .headers(h -> h.setBearerAuth(TestJwts.user(alice)))
          .exchange()
          .expectStatus()
          .isNoContent();
      errorBodies.add(
          body(
              http.get()
                  .uri("/internal/v1/users/{userId}/google-access-token", alice)
                  .headers(h -> h.setBearerAuth(TestJwts.service()))
                  .exchange()
                  .expectStatus()
                  .isNotFound()
                  .expectBody()
                  .returnResult()
                  .getResponseBody()));

      steps.connect(carol, "carol@example.com");
      secrets.add(refreshToken(carol));
      google.control().revokeGrants("carol@example.com", TestGoogle.CLIENT_ID);
      errorBodies.add(
          body(
              http.get()
                  .uri("/internal/v1/users/{userId}/google-access-token?refresh=true", carol)
                  .headers(h -> h.setBearerAuth(TestJwts.service()))
                  .exchange()
                  .expectStatus()
                  .isEqualTo(409)
                  .expectBody()
                  .returnResult()
                  .getResponseBody()));

      String callback = steps.consent(steps.start(carol), "carol@example.com");
      errorBodies.add(
          body(
              steps
                  .callback(callback.replace("state=", "state=x"))
                  .expectStatus()
                  .isBadRequest()
                  .expectBody()
                  .returnResult()
                  .getResponseBody()));
    } finally {
      VERBOSE.forEach(name -> loggingSystem.setLogLevel(name, null));
      root.detachAppender(logs);
    }

    List<String> logText =
        withoutGooglesOwnLines(logs.list.stream().map(SecretLeakIT::render).toList());
    assertThat(logText)
        .as("the capture sees this service's log lines")
        .anyMatch(line -> line.contains("User " + alice + " connected Google account"))
        .anyMatch(line -> line.contains("/google-access-token"))
        .as("our responses are logged by the codecs, redacted")
        .anyMatch(line -> line.contains("Encoding [AccessToken[accessToken=***"));
    List<String> recordText = new ArrayList<>();
    for (String topic : List.of(Topics.CONNECTION_EVENTS, Topics.SYNC_REQUESTS)) {
      for (String user : List.of(alice, carol)) {
        TopicReader.records(database, topic, user)
            .forEach(
                record -> {
                  recordText.add(new String(record.value(), StandardCharsets.UTF_8));
                  for (Header header : record.headers()) {
                    recordText.add(new String(header.value(), StandardCharsets.UTF_8));
                  }
                });
      }
    }
    assertThat(recordText).isNotEmpty();

    assertThat(secrets).hasSize(5).doesNotContainNull();
    for (String secret : secrets) {
      assertThat(logText).noneMatch(line -> line.contains(secret));
      assertThat(recordText).noneMatch(text -> text.contains(secret));
      assertThat(errorBodies).noneMatch(body -> body.contains(secret));
    }
  }

  /**
   * The emulated Google runs in this JVM and logs through the same Logback context; its Spring web
   * stack logs the token responses it sends, which is Google's side, not ours. Its server exchanges
   * are recognised by their request line (Google's paths) and dropped by their log prefix.
   */
  private static List<String> withoutGooglesOwnLines(List<String> lines) {
    Set<String> googleExchanges =
        lines.stream()
            .map(GOOGLE_EXCHANGE::matcher)
            .filter(Matcher::find)
            .map(matcher -> "[" + matcher.group(1) + "]")
            .collect(Collectors.toSet());
    return lines.stream()
        .filter(line -> googleExchanges.stream().noneMatch(line::startsWith))
        .toList();
  }

  private String accessToken(String userId, boolean refresh) {
    byte[] body =
        http.get()
            .uri(
                "/internal/v1/users/{userId}/google-access-token?refresh={refresh}",
                userId,
                refresh)
            .headers(h -> h.setBearerAuth(TestJwts.service()))
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody()
            .returnResult()
            .getResponseBody();
    return JsonPath.read(new String(body, StandardCharsets.UTF_8), "$.accessToken");
  }

  private String refreshToken(String userId) throws Exception {
    try (Connection connection = database.connect();
        var statement =
            connection.prepareStatement(
                "select refresh_token_key_id, encrypted_refresh_token from google_connection"
                    + " where user_id = ?")) {
      statement.setString(1, userId);
      try (ResultSet row = statement.executeQuery()) {
        row.next();
        return cipher.decrypt(new TokenCipher.Sealed(row.getString(1), row.getBytes(2)), userId);
      }
    }
  }

  private static String body(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static String render(ILoggingEvent event) {
    StringBuilder text = new StringBuilder(event.getFormattedMessage());
    if (event.getThrowableProxy() != null) {
      text.append('\n').append(ThrowableProxyUtil.asString(event.getThrowableProxy()));
    }
    event.getMDCPropertyMap().values().forEach(value -> text.append(' ').append(value));
    return text.toString();
  }
}
