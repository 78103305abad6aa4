package io.calsync.token;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import io.calsync.emulator.GoogleEmulator;
import java.net.HttpCookie;
import java.net.URI;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The connect flow as the settings page and the user's browser drive it. One instance is one
 * browser: it keeps the binding cookie the start request set and sends it to the callback.
 */
final class ConnectSteps {

  static final String BINDING_COOKIE = "calsync_oauth_binding";

  private final WebTestClient http;
  private final GoogleEmulator google;
  private String bindingCookie;

  ConnectSteps(WebTestClient http, GoogleEmulator google) {
    this.http = http;
    this.google = google;
  }

  /** {@code POST .../authorization-requests} as {@code userId}: Google's authorization URL. */
  String start(String userId) {
    EntityExchangeResult<byte[]> result =
        http.post()
            .uri("/api/v1/connections/google/authorization-requests")
            .headers(h -> h.setBearerAuth(TestJwts.user(userId)))
            .exchange()
            .expectStatus()
            .isCreated()
            .expectBody()
            .returnResult();
    String setCookie = result.getResponseHeaders().getFirst(HttpHeaders.SET_COOKIE);
    assertThat(setCookie).as("browser binding cookie").startsWith(BINDING_COOKIE + "=");
    assertThat(setCookie).contains("HttpOnly", "SameSite=Lax", "Path=/oauth2/callback/google");
    bindingCookie = HttpCookie.parse(setCookie).get(0).getValue();
    return JsonPath.read(new String(result.getResponseBody()), "$.authorizationUrl");
  }

  /** The user picks {@code account} and allows: the callback URL Google redirects to. */
  String consent(String authorizationUrl, String account) {
    return google.approveConsent(authorizationUrl, account);
  }

  /** The browser follows Google's redirect to our callback. */
  WebTestClient.ResponseSpec callback(String callbackUrl) {
    return http.get()
        .uri(URI.create(callbackUrl))
        .cookies(
            cookies -> {
              if (bindingCookie != null) {
                cookies.add(BINDING_COOKIE, bindingCookie);
              }
            })
        .exchange();
  }

  /** The callback answers 400 with a problem whose detail contains {@code reason}. */
  void callbackRejected(String callbackUrl, String reason) {
    callback(callbackUrl)
        .expectStatus()
        .isBadRequest()
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.detail")
        .value(detail -> assertThat(detail.toString()).contains(reason));
  }

  /** {@code GET /api/v1/connections/google} as {@code userId}: the settings page's status. */
  static WebTestClient.BodyContentSpec connectionStatus(WebTestClient http, String userId) {
    return http.get()
        .uri("/api/v1/connections/google")
        .headers(h -> h.setBearerAuth(TestJwts.user(userId)))
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody();
  }

  /** The whole flow; returns where the callback sent the browser. */
  URI connect(String userId, String account) {
    String location =
        callback(consent(start(userId), account))
            .expectStatus()
            .isEqualTo(HttpStatus.FOUND)
            .returnResult(Void.class)
            .getResponseHeaders()
            .getLocation()
            .toString();
    assertThat(location).endsWith("/?connected=google");
    return URI.create(location);
  }
}
