package io.calsync.emulator.wire;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** Writes errors in the exact JSON shapes Google's client libraries parse. */
public final class ErrorResponses {

  private static final ObjectMapper JSON = new ObjectMapper();

  private ErrorResponses() {}

  public static ObjectNode body(GoogleApiException e) {
    ObjectNode error = JSON.createObjectNode();
    ObjectNode item = error.putArray("errors").addObject();
    item.put("domain", e.domain());
    item.put("reason", e.reason());
    item.put("message", e.getMessage());
    if (e.locationType() != null) {
      item.put("locationType", e.locationType());
      item.put("location", e.location());
    }
    error.put("code", e.status().value());
    error.put("message", e.getMessage());
    ObjectNode root = JSON.createObjectNode();
    root.set("error", error);
    return root;
  }

  public static Mono<Void> write(ServerWebExchange exchange, GoogleApiException e) {
    ServerHttpResponse response = exchange.getResponse();
    response.setStatusCode(e.status());
    e.headers().forEach((name, value) -> response.getHeaders().set(name, value));
    return writeJson(response, body(e).toString());
  }

  public static Mono<Void> write(ServerWebExchange exchange, OAuthException e) {
    ServerHttpResponse response = exchange.getResponse();
    response.setStatusCode(e.status());
    response.getHeaders().setCacheControl("no-store");
    ObjectNode root = JSON.createObjectNode();
    root.put("error", e.error());
    root.put("error_description", e.getMessage());
    return writeJson(response, root.toString());
  }

  private static Mono<Void> writeJson(ServerHttpResponse response, String json) {
    if (response.isCommitted()) {
      return Mono.empty();
    }
    response
        .getHeaders()
        .setContentType(new MediaType("application", "json", StandardCharsets.UTF_8));
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    response.getHeaders().set(HttpHeaders.CONTENT_LENGTH, Integer.toString(bytes.length));
    return response.writeWith(Mono.just(response.bufferFactory().wrap(bytes)));
  }
}
