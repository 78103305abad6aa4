package io.calsync.e2e.benchmark;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.calsync.e2e.Api;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * JSON over HTTP for the load generators: asynchronous sends, so that a slow answer never delays
 * the next request of an open-loop schedule, and the instant each answer arrived.
 */
final class HttpJson {

  static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  /** An answer; {@code receivedAt} is when its body had been read. */
  record Reply(int status, HttpHeaders headers, String body, Instant receivedAt) {

    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("Not JSON (" + status + "): " + body, e);
      }
    }

    @Override
    public String toString() {
      return status + " " + body;
    }
  }

  CompletableFuture<Reply> sendAsync(
      String method, String url, String bearer, Object body, Map<String, String> headers) {
    HttpRequest request =
        Api.jsonRequest(method, URI.create(url), bearer, body, headers, Duration.ofSeconds(60));
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
        .thenApply(
            answer ->
                new Reply(answer.statusCode(), answer.headers(), answer.body(), Instant.now()));
  }

  Reply send(String method, String url, String bearer, Object body, Map<String, String> headers) {
    try {
      return sendAsync(method, url, bearer, body, headers).join();
    } catch (CompletionException e) {
      throw new IllegalStateException(method + " " + url + " failed", e.getCause());
    }
  }

  Reply get(String url, String bearer) {
    return send("GET", url, bearer, null, Map.of());
  }
}
