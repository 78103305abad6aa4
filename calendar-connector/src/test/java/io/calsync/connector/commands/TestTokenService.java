package io.calsync.connector.commands;

import com.google.api.client.auth.oauth2.AuthorizationCodeRequestUrl;
import com.google.api.client.auth.oauth2.AuthorizationCodeTokenRequest;
import com.google.api.client.auth.oauth2.ClientParametersAuthentication;
import com.google.api.client.auth.oauth2.RefreshTokenRequest;
import com.google.api.client.auth.oauth2.TokenResponse;
import com.google.api.client.http.GenericUrl;
import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.api.client.json.gson.GsonFactory;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.calsync.emulator.GoogleEmulator;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands in for token-service's internal endpoint {@code GET
 * /internal/v1/users/{userId}/google-access-token}: checks the connector's service JWT (HS256,
 * {@code sub = calendar-connector}, role {@code SERVICE}), and answers with an access token it
 * obtained from the emulator through the real OAuth flow (consent, code exchange with PKCE, refresh
 * with the Google OAuth client library), a 404 problem for users it does not know, a 409
 * connection-lost problem for users switched to "lost", or 503 for users switched to "failing".
 * Requests of a user switched to "held" wait (at most a minute) until {@link #release}, so a test
 * can act while the connector is in the middle of a call.
 */
public final class TestTokenService implements AutoCloseable {

  static final String REDIRECT_URI = "http://localhost:8084/api/v1/google/oauth/callback";
  public static final String CALENDAR_SCOPE = "https://www.googleapis.com/auth/calendar";
  private static final String PREFIX = "/internal/v1/users/";
  private static final String SUFFIX = "/google-access-token";

  private final GoogleEmulator google;
  private final byte[] secret;
  private final HttpServer server;
  private final NetHttpTransport transport = new NetHttpTransport();
  private final Map<String, String> refreshTokens = new ConcurrentHashMap<>();
  private final Set<String> lost = ConcurrentHashMap.newKeySet();
  private final Set<String> failing = ConcurrentHashMap.newKeySet();
  private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
  private final AtomicInteger rejected = new AtomicInteger();
  private final Map<String, AtomicInteger> forcedRefreshes = new ConcurrentHashMap<>();
  private final Map<String, CountDownLatch> holds = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> waiting = new ConcurrentHashMap<>();

  private TestTokenService(GoogleEmulator google, String secret) throws IOException {
    this.google = google;
    this.secret = secret.getBytes(StandardCharsets.UTF_8);
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(PREFIX, this::handle);
    // Held requests must not stop the others: one thread per request.
    server.setExecutor(Executors.newCachedThreadPool());
    server.start();
  }

  public static TestTokenService start(GoogleEmulator google, String secret) {
    try {
      return new TestTokenService(google, secret);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Connects {@code userId} to the emulator account: consent as the user, exchange the code. */
  public void connect(String userId, String account) throws IOException {
    byte[] random = new byte[48];
    new SecureRandom().nextBytes(random);
    String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    String challenge;
    try {
      challenge =
          Base64.getUrlEncoder()
              .withoutPadding()
              .encodeToString(
                  MessageDigest.getInstance("SHA-256")
                      .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    AuthorizationCodeRequestUrl authorization =
        new AuthorizationCodeRequestUrl(google.authorizationUrl(), google.defaultClientId())
            .setRedirectUri(REDIRECT_URI)
            .setScopes(List.of(CALENDAR_SCOPE, "email"))
            .setState("state-" + userId);
    authorization
        .set("code_challenge", challenge)
        .set("code_challenge_method", "S256")
        .set("access_type", "offline")
        .set("prompt", "consent");
    String redirect = google.approveConsent(authorization.build(), account);
    TokenResponse tokens =
        new AuthorizationCodeTokenRequest(
                transport,
                GsonFactory.getDefaultInstance(),
                new GenericUrl(google.tokenUrl()),
                queryParameter(redirect, "code"))
            .setRedirectUri(REDIRECT_URI)
            .setClientAuthentication(clientAuthentication())
            .set("code_verifier", verifier)
            .execute();
    refreshTokens.put(userId, tokens.getRefreshToken());
  }

  /** A fresh access token of a connected user, straight from the emulator's token endpoint. */
  public String accessToken(String userId) throws IOException {
    return new RefreshTokenRequest(
            transport,
            GsonFactory.getDefaultInstance(),
            new GenericUrl(google.tokenUrl()),
            refreshTokens.get(userId))
        .setClientAuthentication(clientAuthentication())
        .execute()
        .getAccessToken();
  }

  /** From now on the user's grant counts as lost: 409 connection-lost. */
  public void lose(String userId) {
    lost.add(userId);
  }

  /** From now on requests for the user fail with 503, as when token-service is down. */
  void fail(String userId) {
    failing.add(userId);
  }

  /** From now on requests for the user wait until {@link #release}. */
  void hold(String userId) {
    holds.putIfAbsent(userId, new CountDownLatch(1));
  }

  /** Lets the held requests of the user (and later ones) go on. */
  void release(String userId) {
    CountDownLatch hold = holds.remove(userId);
    if (hold != null) {
      hold.countDown();
    }
  }

  /** Requests for {@code userId} waiting for {@link #release} now. */
  int held(String userId) {
    return waiting.getOrDefault(userId, new AtomicInteger()).get();
  }

  public void restore(String userId) {
    lost.remove(userId);
    failing.remove(userId);
  }

  /** Requests for {@code userId} that carried a valid service JWT. */
  public int requests(String userId) {
    return requests.getOrDefault(userId, new AtomicInteger()).get();
  }

  /** Requests for {@code userId} that asked for a refreshed token ({@code ?refresh=true}). */
  int forcedRefreshes(String userId) {
    return forcedRefreshes.getOrDefault(userId, new AtomicInteger()).get();
  }

  /** Requests rejected for a missing or invalid service JWT. */
  int rejected() {
    return rejected.get();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      if (!"GET".equals(exchange.getRequestMethod()) || !path.endsWith(SUFFIX)) {
        respond(exchange, 404, problem("about:blank", "Not Found", 404));
        return;
      }
      if (!validServiceToken(exchange.getRequestHeaders().getFirst("Authorization"))) {
        rejected.incrementAndGet();
        respond(exchange, 401, problem("about:blank", "Unauthorized", 401));
        return;
      }
      String userId =
          URLDecoder.decode(
              path.substring(PREFIX.length(), path.length() - SUFFIX.length()),
              StandardCharsets.UTF_8);
      requests.computeIfAbsent(userId, id -> new AtomicInteger()).incrementAndGet();
      if ("refresh=true".equals(exchange.getRequestURI().getQuery())) {
        forcedRefreshes.computeIfAbsent(userId, id -> new AtomicInteger()).incrementAndGet();
      }
      awaitRelease(userId);
      if (failing.contains(userId)) {
        respond(exchange, 503, problem("about:blank", "Service Unavailable", 503));
        return;
      }
      String refreshToken = refreshTokens.get(userId);
      if (refreshToken == null) {
        respond(
            exchange,
            404,
            problem("https://calsync.io/problems/not-connected", "Not connected", 404));
        return;
      }
      if (lost.contains(userId)) {
        respond(
            exchange,
            409,
            problem("https://calsync.io/problems/connection-lost", "Connection lost", 409));
        return;
      }
      TokenResponse fresh =
          new RefreshTokenRequest(
                  transport,
                  GsonFactory.getDefaultInstance(),
                  new GenericUrl(google.tokenUrl()),
                  refreshToken)
              .setClientAuthentication(clientAuthentication())
              .execute();
      Instant expiresAt = Instant.now().plusSeconds(fresh.getExpiresInSeconds());
      respond(
          exchange,
          200,
          "{\"accessToken\":\""
              + fresh.getAccessToken()
              + "\",\"expiresAt\":\""
              + expiresAt
              + "\"}");
    }
  }

  private void awaitRelease(String userId) {
    CountDownLatch hold = holds.get(userId);
    if (hold == null) {
      return;
    }
    AtomicInteger count = waiting.computeIfAbsent(userId, id -> new AtomicInteger());
    count.incrementAndGet();
    try {
      hold.await(1, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      count.decrementAndGet();
    }
  }

  private boolean validServiceToken(String authorization) {
    if (authorization == null || !authorization.startsWith("Bearer ")) {
      return false;
    }
    try {
      SignedJWT jwt = SignedJWT.parse(authorization.substring("Bearer ".length()));
      if (!jwt.verify(new MACVerifier(secret))) {
        return false;
      }
      JWTClaimsSet claims = jwt.getJWTClaimsSet();
      return "calendar-connector".equals(claims.getSubject())
          && claims.getStringListClaim("roles").contains("SERVICE")
          && claims.getExpirationTime() != null
          && claims.getExpirationTime().after(new Date());
    } catch (Exception e) {
      return false;
    }
  }

  private ClientParametersAuthentication clientAuthentication() {
    return new ClientParametersAuthentication(
        google.defaultClientId(), google.defaultClientSecret());
  }

  private static String problem(String type, String title, int status) {
    return "{\"type\":\"" + type + "\",\"title\":\"" + title + "\",\"status\":" + status + "}";
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange
        .getResponseHeaders()
        .set("Content-Type", status == 200 ? "application/json" : "application/problem+json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  private static String queryParameter(String url, String name) {
    for (String pair : URI.create(url).getRawQuery().split("&")) {
      int eq = pair.indexOf('=');
      if (pair.substring(0, eq).equals(name)) {
        return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      }
    }
    throw new IllegalStateException("no " + name + " in " + url);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
