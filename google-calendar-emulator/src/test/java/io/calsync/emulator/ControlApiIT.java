package io.calsync.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.api.client.auth.oauth2.TokenResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
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

  @Test
  void userEditsInGoogleUi_areVisibleIncludingDeletions() {
    String id = "dave0event1";
    http.post()
        .uri("/accounts/dave@example.com/events")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(
            "{\"id\":\""
                + id
                + "\",\"summary\":\"Dentist\",\"start\":{\"dateTime\":\"2030-01-01T10:00:00Z\"},"
                + "\"end\":{\"dateTime\":\"2030-01-01T11:00:00Z\"}}")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.id")
        .isEqualTo(id);
    http.patch()
        .uri("/accounts/dave@example.com/events/{id}", id)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{\"summary\":\"Dentist (moved)\"}")
        .exchange()
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
    http.post()
        .uri("/faults/errors")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{\"status\":500,\"fraction\":0.5,\"endpoint\":\"events.*\"}")
        .exchange()
        .expectStatus()
        .isOk();
    http.put()
        .uri("/faults/quota")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(
            "{\"mode\":\"REALISTIC\",\"perUserPerMinute\":600,\"perProjectPerMinute\":10000}")
        .exchange()
        .expectStatus()
        .isOk();
    http.put()
        .uri("/faults/read-lag")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{\"millis\":250}")
        .exchange()
        .expectStatus()
        .isOk();

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
    http.post()
        .uri("/accounts")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{\"email\":\"Erin@Example.com\"}")
        .exchange()
        .expectBody()
        .jsonPath("$.email")
        .isEqualTo("erin@example.com");
    http.post()
        .uri("/clients")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(
            "{\"clientId\":\"other\",\"clientSecret\":\"s\",\"redirectUris\":[\"http://localhost:9999/cb\"]}")
        .exchange()
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
    http.post()
        .uri("/accounts/dave@example.com/events")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(
            "{\"id\":\""
                + id
                + "\",\"summary\":\"Partner call\",\"organizer\":{\"email\":\"dora@partner.example\"},"
                + "\"start\":{\"dateTime\":\"2030-01-01T10:00:00Z\"},"
                + "\"end\":{\"dateTime\":\"2030-01-01T11:00:00Z\"}}")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.organizer.email")
        .isEqualTo("dora@partner.example")
        .jsonPath("$.organizer.self")
        .doesNotExist()
        .jsonPath("$.attendees[?(@.email == 'dave@example.com')].self")
        .isEqualTo(true);

    http.put()
        .uri("/accounts/dave@example.com/events/{id}/response", id)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{\"responseStatus\":\"declined\",\"comment\":\"on leave\"}")
        .exchange()
        .expectStatus()
        .isOk();
    http.patch()
        .uri("/accounts/dave@example.com/events/{id}/as-organizer", id)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{\"summary\":\"Partner call (new time)\"}")
        .exchange()
        .expectStatus()
        .isOk();
    http.put()
        .uri("/accounts/dave@example.com/events/{id}/response", id)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{\"responseStatus\":\"maybe\"}")
        .exchange()
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
