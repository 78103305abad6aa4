package io.calsync.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * "Connect Google Calendar" as a user does it: the settings page asks token-service for an
 * authorization request, the browser shows Google's consent page (the emulator plays the user's
 * clicks) and returns to token-service's callback.
 */
public final class GoogleConnections {

  private GoogleConnections() {}

  /** Connects {@code userId} to the emulator's {@code account}; returns the connection status. */
  public static JsonNode connect(CalSyncSystem system, String userId, String account) {
    Api user = new Api(system.tokenServiceUrl(), system.jwts().user(userId));
    Api.Response started = user.post("/api/v1/connections/google/authorization-requests", "{}");
    assertThat(started.status()).as("authorization request: " + started).isEqualTo(201);
    String authorizationUrl = started.json().path("authorizationUrl").asText();
    assertThat(authorizationUrl).startsWith(system.google().authorizationUrl());

    String callback = system.google().approveConsent(authorizationUrl, account);
    assertThat(callback).startsWith(system.tokenServiceUrl() + CalSyncSystem.CALLBACK_PATH);
    // The browser follows the redirect to the callback with the cookies token-service set when
    // the attempt started (they bind the attempt to this browser), and without a bearer token.
    Api.Response completed =
        new Api(system.tokenServiceUrl(), null).send("GET", callback, null, cookiesSetBy(started));
    assertThat(completed.status()).as("callback: " + completed).isEqualTo(302);
    assertThat(completed.header("Location")).contains("connected=google");

    Api.Response status = user.get("/api/v1/connections/google");
    assertThat(status.status()).as(status.toString()).isEqualTo(200);
    return status.json();
  }

  /** The {@code Cookie} header a browser would send back to the same host. */
  private static Map<String, String> cookiesSetBy(Api.Response response) {
    String cookies =
        response.headers().entrySet().stream()
            .filter(header -> header.getKey().equalsIgnoreCase("Set-Cookie"))
            .flatMap(header -> header.getValue().stream())
            .map(setCookie -> setCookie.split(";", 2)[0].trim())
            .collect(Collectors.joining("; "));
    return cookies.isEmpty() ? Map.of() : Map.of("Cookie", cookies);
  }
}
