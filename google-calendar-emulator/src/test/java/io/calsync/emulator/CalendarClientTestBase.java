package io.calsync.emulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.api.services.calendar.Calendar;
import com.google.api.services.calendar.model.Event;
import java.io.IOException;
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

  /** {@code events.patch} of Alice's primary calendar, no optional parameters. */
  Event patch(String eventId, Event patch) throws IOException {
    return alice.events().patch("primary", eventId, patch).execute();
  }
}
