package io.calsync.e2e;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A JSON-over-HTTP client for one service as one caller (bearer token), redirects not followed. */
public final class Api {

  static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(5))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  private final String baseUrl;
  private final String bearer;

  Api(String baseUrl, String bearer) {
    this.baseUrl = baseUrl;
    this.bearer = bearer;
  }

  /** An answer, with the body kept as text so that failure messages can quote it. */
  record Response(int status, Map<String, List<String>> headers, String body) {

    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("Not JSON (" + status + "): " + body, e);
      }
    }

    String header(String name) {
      return headers.entrySet().stream()
          .filter(entry -> entry.getKey().equalsIgnoreCase(name))
          .flatMap(entry -> entry.getValue().stream())
          .findFirst()
          .orElse(null);
    }

    @Override
    public String toString() {
      return status + " " + body;
    }
  }

  Response get(String pathOrUrl) {
    return send("GET", pathOrUrl, null, Map.of());
  }

  Response post(String path, Object body) {
    return send("POST", path, body, Map.of());
  }

  Response put(String path, Object body, Map<String, String> headers) {
    return send("PUT", path, body, headers);
  }

  Response delete(String path) {
    return send("DELETE", path, null, Map.of());
  }

  /** {@code pathOrUrl}: a path of this service, or a complete URL (e.g. a redirect target). */
  Response send(String method, String pathOrUrl, Object body, Map<String, String> headers) {
    URI uri = URI.create(pathOrUrl.startsWith("http") ? pathOrUrl : baseUrl + pathOrUrl);
    try {
      HttpResponse<String> answer =
          HTTP.send(
              jsonRequest(method, uri, bearer, body, headers, Duration.ofSeconds(30)),
              HttpResponse.BodyHandlers.ofString());
      return new Response(answer.statusCode(), answer.headers().map(), answer.body());
    } catch (IOException e) {
      throw new UncheckedIOException(method + " " + uri + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * A JSON request as the services' clients send it: {@code Accept: application/json}, the bearer
   * token if any, {@code body} as JSON (a String is sent as it is); {@code headers} replace the
   * defaults they name.
   */
  public static HttpRequest jsonRequest(
      String method,
      URI uri,
      String bearer,
      Object body,
      Map<String, String> headers,
      Duration timeout) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json");
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    headers.forEach(request::setHeader);
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request
          .header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(write(body)));
    }
    return request.build();
  }

  private static String write(Object body) {
    if (body instanceof String text) {
      return text;
    }
    try {
      return JSON.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
