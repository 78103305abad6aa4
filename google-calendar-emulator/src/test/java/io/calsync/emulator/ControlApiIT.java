package io.calsync.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.api.client.auth.oauth2.TokenResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The HTTP control API as the README's curl examples use it. */
@EmulatorTestBase.StartedWith("emulator.accounts=dave@example.com")
class ControlApiIT extends EmulatorTestBase {

  WebTestClient http;

  @BeforeEach
  void controlClient() {
    http = WebTestClient.bindToServer().baseUrl(google.controlUrl()).build();
  }

  /** A JSON request to the control API, as the README's curl lines send them. */
  WebTestClient.ResponseSpec sendJson(
      HttpMethod method, String json, String uri, Object... uriVariables) {
    return http.method(method)
        .uri(uri, uriVariables)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(json)
        .exchange();
  }

  @Test
  void userEditsInGoogleUi_areVisibleIncludingDeletions() {
    String id = "dave0event1";
    sendJson(
            HttpMethod.POST,
            "{\"id\":\""
                + id
                + "\",\"summary\":\"Dentist\",\"start\":{\"dateTime\":\"2030-01-01T10:00:00Z\"},"
                + "\"end\":{\"dateTime\":\"2030-01-01T11:00:00Z\"}}",
            "/accounts/dave@example.com/events")
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.id")
        .isEqualTo(id);
    sendJson(
            HttpMethod.PATCH,
            "{\"summary\":\"Dentist (moved)\"}",
            "/accounts/dave@example.com/events/{id}",
            id)
        .expectStatus()
        .isOk();
    http.delete()
        .uri("/accounts/dave@example.com/events/{id}", id)
        .exchange()
        .expectStatus()
        .isNoContent();
    http.delete()
        .uri("/accounts/dave@example.com/events/{id}", id)
        .exchange()
        .expectStatus()
        .isEqualTo(410)
        .expectBody()
        .jsonPath("$.error.errors[0].reason")
        .isEqualTo("deleted");

    http.get()
        .uri("/accounts/dave@example.com/events")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$[0].status")
        .isEqualTo("cancelled")
        .jsonPath("$[0].summary")
        .isEqualTo("Dentist (moved)");
    http.get()
        .uri("/writes?account=dave@example.com")
        .exchange()
        .expectBody()
        .jsonPath("$.length()")
        .isEqualTo(3);
  }

  @Test
  void grantsCanBeRevokedAndCallsCounted() throws Exception {
    TokenResponse tokens =
        new GoogleOAuthFlow(google).authorize("dave@example.com", GoogleOAuthFlow.CALENDAR);
    assertThat(tokens.getRefreshToken()).isNotBlank();

    http.get()
        .uri("/grants")
        .exchange()
        .expectBody()
        .jsonPath("$[0].account")
        .isEqualTo("dave@example.com")
        .jsonPath("$[0].revoked")
        .isEqualTo(false);
    http.post()
        .uri("/grants/revoke?account=dave@example.com")
        .exchange()
        .expectBody()
        .jsonPath("$.affected")
        .isEqualTo(1);
    http.get().uri("/grants").exchange().expectBody().jsonPath("$[0].revoked").isEqualTo(true);
    http.get()
        .uri("/calls")
        .exchange()
        .expectBody()
        .jsonPath("$['oauth.token'].total")
        .isEqualTo(1);
    http.delete().uri("/calls").exchange().expectStatus().isNoContent();
    http.get().uri("/calls").exchange().expectBody().json("{}");
  }

  @Test
  void faultsCanBeConfiguredListedAndCleared() {
    sendJson(
            HttpMethod.POST,
            "{\"status\":500,\"fraction\":0.5,\"endpoint\":\"events.*\"}",
            "/faults/errors")
        .expectStatus()
        .isOk();
    sendJson(
            HttpMethod.PUT,
            "{\"mode\":\"REALISTIC\",\"perUserPerMinute\":600,\"perProjectPerMinute\":10000}",
            "/faults/quota")
        .expectStatus()
        .isOk();
    sendJson(HttpMethod.PUT, "{\"millis\":250}", "/faults/read-lag").expectStatus().isOk();

    http.get()
        .uri("/faults")
        .exchange()
        .expectBody()
        .jsonPath("$.errors[0].status")
        .isEqualTo(500)
        .jsonPath("$.quota.mode")
        .isEqualTo("REALISTIC")
        .jsonPath("$.readLagMillis")
        .isEqualTo(250);
    http.delete().uri("/faults").exchange().expectStatus().isNoContent();
    http.get()
        .uri("/faults")
        .exchange()
        .expectBody()
        .jsonPath("$.errors.length()")
        .isEqualTo(0)
        .jsonPath("$.quota.mode")
        .isEqualTo("OFF")
        .jsonPath("$.readLagMillis")
        .isEqualTo(0);
  }

  @Test
  void accountsAndClientsCanBeAdded() {
    sendJson(HttpMethod.POST, "{\"email\":\"Erin@Example.com\"}", "/accounts")
        .expectBody()
        .jsonPath("$.email")
        .isEqualTo("erin@example.com");
    sendJson(
            HttpMethod.POST,
            "{\"clientId\":\"other\",\"clientSecret\":\"s\",\"redirectUris\":[\"http://localhost:9999/cb\"]}",
            "/clients")
        .expectStatus()
        .isOk();

    http.get()
        .uri("/accounts")
        .exchange()
        .expectBody()
        .jsonPath("$[*].email")
        .value(v -> assertThat(v.toString()).contains("erin@example.com", "dave@example.com"));
    http.get()
        .uri("/clients")
        .exchange()
        .expectBody()
        .jsonPath("$[*].clientId")
        .value(v -> assertThat(v.toString()).contains("other", "calsync-local"));
  }

  @Test
  void invitationsCanBeSeededAnsweredAndChangedByTheirOrganizer() {
    String id = "dave0invite1";
    sendJson(
            HttpMethod.POST,
            "{\"id\":\""
                + id
                + "\",\"summary\":\"Partner call\",\"organizer\":{\"email\":\"dora@partner.example\"},"
                + "\"start\":{\"dateTime\":\"2030-01-01T10:00:00Z\"},"
                + "\"end\":{\"dateTime\":\"2030-01-01T11:00:00Z\"}}",
            "/accounts/dave@example.com/events")
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.organizer.email")
        .isEqualTo("dora@partner.example")
        .jsonPath("$.organizer.self")
        .doesNotExist()
        .jsonPath("$.attendees[?(@.email == 'dave@example.com')].self")
        .isEqualTo(true);

    sendJson(
            HttpMethod.PUT,
            "{\"responseStatus\":\"declined\",\"comment\":\"on leave\"}",
            "/accounts/dave@example.com/events/{id}/response",
            id)
        .expectStatus()
        .isOk();
    sendJson(
            HttpMethod.PATCH,
            "{\"summary\":\"Partner call (new time)\"}",
            "/accounts/dave@example.com/events/{id}/as-organizer",
            id)
        .expectStatus()
        .isOk();
    sendJson(
            HttpMethod.PUT,
            "{\"responseStatus\":\"maybe\"}",
            "/accounts/dave@example.com/events/{id}/response",
            id)
        .expectStatus()
        .isBadRequest();

    http.get()
        .uri("/accounts/dave@example.com/events/{id}", id)
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.summary")
        .isEqualTo("Partner call (new time)")
        .jsonPath("$.attendees[?(@.email == 'dave@example.com')].responseStatus")
        .isEqualTo("declined")
        .jsonPath("$.attendees[?(@.email == 'dave@example.com')].comment")
        .isEqualTo("on leave");
    http.get()
        .uri("/writes?account=dave@example.com&eventId={id}&actor=api", id)
        .exchange()
        .expectBody()
        .jsonPath("$.length()")
        .isEqualTo(0);
    http.get()
        .uri("/writes?account=dave@example.com&eventId={id}&actor=organizer", id)
        .exchange()
        .expectBody()
        .jsonPath("$[0].organizerCopy")
        .isEqualTo(false)
        .jsonPath("$[0].changedFields[0]")
        .isEqualTo("summary");
  }
}
