package io.calsync.token;

import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Stands in for calendar-connector's {@code POST /internal/v1/users/{userId}/google-cleanups}:
 * checks the service JWT token-service sends (HS256 with the shared secret, {@code roles:
 * ["SERVICE"]}, not expired), records each call and answers as the connector would. The connector's
 * own side (which events it deletes) is tested in calendar-connector against the emulator.
 */
final class TestConnector implements AutoCloseable {

  private static final String PREFIX = "/internal/v1/users/";
  private static final String SUFFIX = "/google-cleanups";

  /** One call: whose data, whether the events CalSync created were to be deleted. */
  record Call(String userId, boolean deleteCreatedEvents) {}

  private final HttpServer server;
  private final List<Call> calls = new CopyOnWriteArrayList<>();
  private final Set<String> failing = ConcurrentHashMap.newKeySet();

  private TestConnector() throws IOException {
    server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  static TestConnector start() {
    try {
      return new TestConnector();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  String url() {
    return "http://localhost:" + server.getAddress().getPort();
  }

  /** From now on calls for the user answer 503, as when the connector is down. */
  void fail(String userId) {
    failing.add(userId);
  }

  List<Call> calls(String userId) {
    return calls.stream().filter(call -> call.userId().equals(userId)).toList();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      if (!"POST".equals(exchange.getRequestMethod())
          || !path.startsWith(PREFIX)
          || !path.endsWith(SUFFIX)) {
        respond(exchange, 404, "{}");
        return;
      }
      if (!validServiceToken(exchange.getRequestHeaders().getFirst("Authorization"))) {
        respond(exchange, 401, "{}");
        return;
      }
      String userId = path.substring(PREFIX.length(), path.length() - SUFFIX.length());
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      boolean delete = body.replace(" ", "").contains("\"deleteCreatedEvents\":true");
      calls.add(new Call(userId, delete));
      if (failing.contains(userId)) {
        respond(exchange, 503, "{}");
        return;
      }
      respond(
          exchange,
          200,
          delete
              ? "{\"createdEventsDeleted\":2,\"stampedEventsKept\":1}"
              : "{\"createdEventsDeleted\":0,\"stampedEventsKept\":0}");
    }
  }

  private static boolean validServiceToken(String authorization) {
    if (authorization == null || !authorization.startsWith("Bearer ")) {
      return false;
    }
    try {
      SignedJWT jwt = SignedJWT.parse(authorization.substring("Bearer ".length()));
      return jwt.verify(new MACVerifier(TestJwts.SECRET.getBytes(StandardCharsets.UTF_8)))
          && jwt.getJWTClaimsSet().getExpirationTime().after(new Date())
          && "token-service".equals(jwt.getJWTClaimsSet().getSubject())
          && jwt.getJWTClaimsSet().getStringListClaim("roles").contains("SERVICE");
    } catch (Exception e) {
      return false;
    }
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
