package io.calsync.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.api.client.googleapis.json.GoogleJsonResponseException;
import com.google.api.services.calendar.Calendar;
import com.google.api.services.calendar.model.Event;
import java.io.IOException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;

/**
 * An emulator IT that talks to Alice's calendar through the official Google Java client: after the
 * reset, each test gets a client authorized by a fresh OAuth consent.
 */
abstract class CalendarClientTestBase extends EmulatorTestBase {

  final ObjectMapper json = new ObjectMapper();
  Calendar alice;

  @BeforeEach
  void connectAlice() throws IOException {
    alice = new GoogleOAuthFlow(google).calendarFor(ALICE);
  }

  /** {@code events.insert} into Alice's primary calendar, no optional parameters. */
  Event insert(Event event) throws IOException {
    return alice.events().insert("primary", event).execute();
  }

  /** {@code events.get} from Alice's primary calendar. */
  Event get(String eventId) throws IOException {
    return alice.events().get("primary", eventId).execute();
  }

  /** An {@code events.list} request for Alice's primary calendar, to add parameters to. */
  Calendar.Events.List list() throws IOException {
    return alice.events().list("primary");
  }

  /** {@code events.patch} of Alice's primary calendar, no optional parameters. */
  Event patch(String eventId, Event patch) throws IOException {
    return alice.events().patch("primary", eventId, patch).execute();
  }

  /** The call fails as Google fails it: that status, Google's error JSON with one error. */
  static void assertGoogleError(ThrowingCallable call, int status, String domain, String reason) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            GoogleJsonResponseException.class,
            e -> {
              assertThat(e.getStatusCode()).isEqualTo(status);
              assertThat(e.getDetails()).as("Google error JSON").isNotNull();
              assertThat(e.getDetails().getCode()).isEqualTo(status);
              assertThat(e.getDetails().getErrors()).hasSize(1);
              assertThat(e.getDetails().getErrors().get(0).getDomain()).isEqualTo(domain);
              assertThat(e.getDetails().getErrors().get(0).getReason()).isEqualTo(reason);
            });
  }
}
