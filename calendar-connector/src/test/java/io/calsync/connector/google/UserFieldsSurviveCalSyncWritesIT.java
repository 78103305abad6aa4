package io.calsync.connector.google;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.api.client.json.gson.GsonFactory;
import com.google.api.services.calendar.model.Event;
import io.calsync.connector.commands.TestTokenService;
import io.calsync.contracts.calendar.EventChanged;
import io.calsync.contracts.calendar.EventField;
import io.calsync.contracts.calendar.EventTime;
import io.calsync.contracts.calendar.SendUpdates;
import io.calsync.contracts.calendar.UpsertEvent;
import io.calsync.emulator.GoogleEmulator;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.retry.Retry;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The connector's writes own only the mapped fields (docs/crm-to-google.md, "What CalSync writes"),
 * proven against the emulator through the official client: a Google event carrying every kind of
 * field a user or another application sets (location, conference data, reminders, colour,
 * attachments, visibility, transparency, guest permissions, recurrence, other applications' private
 * and shared properties, guests with their answers) goes through random interleavings of user edits
 * in Google and CalSync writes of random field sets (including the assignee's attendee entry), with
 * every CalSync write also delivered again — once with the etag it was made for (412, no effect)
 * and once re-executed on the current version (the same values). Afterwards every field CalSync
 * does not own is byte-equal to what the user last wrote, and every guest the user invited is still
 * there with their own answer.
 *
 * <p>Only the connector writes to Google, and an {@link UpsertEvent} can name nothing but the
 * mapped fields, so this is the whole of CalSync's write surface; which fields the orchestrator
 * asks for is covered by {@code CalendarCommandDeciderTest} ("PatchOfAKnownEvent").
 */
class UserFieldsSurviveCalSyncWritesIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String USER = "crm-properties";
  private static final OffsetDateTime START = OffsetDateTime.parse("2027-03-01T14:00:00+01:00");
  private static final List<String> GUESTS = List.of("guest1@example.com", "guest2@example.com");
  private static final List<String> ASSIGNEES =
      List.of("guest1@example.com", "dave@example.com", "erin@example.com");

  private static GoogleEmulator google;
  private static TestTokenService tokens;
  private static GoogleCalendarGateway gateway;
  private static String account;

  /** What the user may set in Google that CalSync never owns, each with a few values. */
  private static final Map<String, List<String>> USER_FIELDS = new LinkedHashMap<>();

  static {
    USER_FIELDS.put("location", List.of("\"Room 4.01\"", "\"Main office, 2nd floor\""));
    USER_FIELDS.put("colorId", List.of("\"5\"", "\"11\""));
    USER_FIELDS.put(
        "reminders",
        List.of(
            "{\"useDefault\":false,\"overrides\":[{\"method\":\"popup\",\"minutes\":15}]}",
            "{\"useDefault\":false,\"overrides\":[{\"method\":\"email\",\"minutes\":60},"
                + "{\"method\":\"popup\",\"minutes\":5}]}"));
    USER_FIELDS.put(
        "conferenceData",
        List.of(
            "{\"conferenceId\":\"abc-defg-hij\",\"conferenceSolution\":{\"key\":{\"type\":"
                + "\"hangoutsMeet\"},\"name\":\"Google Meet\"},\"entryPoints\":[{\"entryPointType\":"
                + "\"video\",\"uri\":\"https://meet.google.com/abc-defg-hij\",\"label\":"
                + "\"meet.google.com/abc-defg-hij\"}]}",
            "{\"conferenceId\":\"xyz-uvwx-rst\",\"conferenceSolution\":{\"key\":{\"type\":"
                + "\"hangoutsMeet\"},\"name\":\"Google Meet\"},\"entryPoints\":[{\"entryPointType\":"
                + "\"video\",\"uri\":\"https://meet.google.com/xyz-uvwx-rst\"}]}"));
    USER_FIELDS.put(
        "attachments",
        List.of(
            "[{\"fileUrl\":\"https://drive.google.com/open?id=1\",\"title\":\"Agenda\"}]",
            "[{\"fileUrl\":\"https://drive.google.com/open?id=2\",\"title\":\"Minutes\"}]"));
    USER_FIELDS.put("visibility", List.of("\"private\"", "\"public\""));
    USER_FIELDS.put("transparency", List.of("\"transparent\"", "\"opaque\""));
    USER_FIELDS.put("guestsCanModify", List.of("true", "false"));
    USER_FIELDS.put("guestsCanInviteOthers", List.of("false", "true"));
    USER_FIELDS.put("guestsCanSeeOtherGuests", List.of("false", "true"));
    USER_FIELDS.put(
        "recurrence", List.of("[\"RRULE:FREQ=WEEKLY;COUNT=4\"]", "[\"RRULE:FREQ=DAILY;COUNT=2\"]"));
    USER_FIELDS.put(
        "source", List.of("{\"url\":\"https://crm.example/x\",\"title\":\"Other app\"}"));
  }

  /** Another application's private property, and a shared one: not CalSync's. */
  private static final String OTHER_PRIVATE = "otherAppId";

  private static final String SHARED = "sharedNote";

  sealed interface Step {}

  /** The user sets {@code field} to its {@code value}-th value in Google. */
  record UserEdit(int field, int value) implements Step {}

  /** A guest answers the invitation. */
  record GuestAnswer(int guest, int answer) implements Step {}

  /** The user changes a property of another application. */
  record OtherAppEdit(int value) implements Step {}

  /** CalSync writes {@code fields} with values picked by {@code seed}. */
  record CalSyncWrite(Set<EventField> fields, int seed) implements Step {}

  @BeforeContainer
  static void start() throws Exception {
    google = GoogleEmulator.start();
    tokens = TestTokenService.start(google, "user-fields-property-secret-of-32-bytes!!");
    account = "properties@example.com";
    google.addAccount(account);
    tokens.connect(USER, account);
    RateLimiterConfig unlimited =
        RateLimiterConfig.custom()
            .limitForPeriod(100_000)
            .limitRefreshPeriod(Duration.ofSeconds(1))
            .timeoutDuration(Duration.ofSeconds(5))
            .build();
    gateway =
        new GoogleCalendarGateway(
            new NetHttpTransport(),
            GsonFactory.getDefaultInstance(),
            new GoogleCalendarProperties(
                google.calendarRootUrl(),
                "calsync-property-test",
                Duration.ofSeconds(5),
                Duration.ofSeconds(20),
                "google-user"),
            Retry.ofDefaults("property"),
            CircuitBreaker.ofDefaults("property"),
            RateLimiter.of("project", unlimited),
            RateLimiterRegistry.of(unlimited));
  }

  @AfterContainer
  static void stop() {
    tokens.close();
    google.close();
  }

  @Property(tries = 30)
  void everyFieldCalSyncDoesNotOwn_isWhatTheUserLastWrote(
      @ForAll("initialUserFields") Map<Integer, Integer> initial, @ForAll("steps") List<Step> steps)
      throws Exception {
    String taskId = UUID.randomUUID().toString();
    String eventId = "cs" + UUID.randomUUID().toString().replace("-", "");
    GoogleAccess access = new GoogleAccess(USER, tokens.accessToken(USER));

    Map<String, JsonNode> expected = new HashMap<>();
    Map<String, String> answers = new HashMap<>();
    ObjectNode created = JSON.createObjectNode();
    created.put("id", eventId);
    created.put("summary", "Quarterly review");
    created.put("description", "<p>Agenda: <b>numbers</b></p>");
    created.putObject("start").put("dateTime", START.toString()).put("timeZone", "Europe/Berlin");
    created
        .putObject("end")
        .put("dateTime", START.plusHours(2).toString())
        .put("timeZone", "Europe/Berlin");
    ArrayNode attendees = created.putArray("attendees");
    for (String guest : GUESTS) {
      attendees.addObject().put("email", guest).put("responseStatus", "needsAction");
      answers.put(guest, "needsAction");
    }
    ObjectNode properties = created.putObject("extendedProperties");
    properties
        .putObject("private")
        .put(UpsertEvent.TASK_ID_PROPERTY, taskId)
        .put(OTHER_PRIVATE, "0");
    properties.putObject("shared").put(SHARED, "0");
    for (Map.Entry<Integer, Integer> field : initial.entrySet()) {
      set(created, expected, field.getKey(), field.getValue());
    }
    google.control().createEvent(account, created);
    String otherApp = "0";

    for (Step step : steps) {
      if (step instanceof UserEdit edit) {
        ObjectNode patch = JSON.createObjectNode();
        set(patch, expected, edit.field(), edit.value());
        google.control().patchEvent(account, eventId, patch);
      } else if (step instanceof GuestAnswer answer) {
        String guest = GUESTS.get(answer.guest() % GUESTS.size());
        String status = List.of("accepted", "declined", "tentative").get(answer.answer() % 3);
        ObjectNode patch = JSON.createObjectNode();
        ArrayNode list = patch.putArray("attendees");
        for (JsonNode attendee : event(eventId).path("attendees")) {
          ObjectNode copy = attendee.deepCopy();
          if (guest.equals(copy.path("email").asText())) {
            copy.put("responseStatus", status);
          }
          list.add(copy);
        }
        google.control().patchEvent(account, eventId, patch);
        answers.put(guest, status);
      } else if (step instanceof OtherAppEdit edit) {
        otherApp = String.valueOf(edit.value());
        ObjectNode patch = JSON.createObjectNode();
        ObjectNode extended = patch.putObject("extendedProperties");
        extended.putObject("private").put(OTHER_PRIVATE, otherApp);
        extended.putObject("shared").put(SHARED, otherApp);
        google.control().patchEvent(account, eventId, patch);
      } else if (step instanceof CalSyncWrite write) {
        calSyncWrite(access, taskId, eventId, write);
      }
    }

    ObjectNode result = event(eventId);
    for (Map.Entry<String, JsonNode> field : expected.entrySet()) {
      assertThat(result.get(field.getKey()))
          .as("%s after %s", field.getKey(), steps)
          .isEqualTo(field.getValue());
    }
    assertThat(result.path("extendedProperties").path("private").path(OTHER_PRIVATE).asText())
        .isEqualTo(otherApp);
    assertThat(result.path("extendedProperties").path("shared").path(SHARED).asText())
        .isEqualTo(otherApp);
    Map<String, String> guestAnswers = new HashMap<>();
    for (JsonNode attendee : result.path("attendees")) {
      guestAnswers.put(
          attendee.path("email").asText().toLowerCase(Locale.ROOT),
          attendee.path("responseStatus").asText());
    }
    for (String guest : GUESTS) {
      assertThat(guestAnswers).as("guest %s after %s", guest, steps).containsKey(guest);
      assertThat(guestAnswers.get(guest)).isEqualTo(answers.get(guest));
    }
    String assignee =
        result
            .path("extendedProperties")
            .path("private")
            .path(EventChanged.ASSIGNEE_PROPERTY)
            .asText();
    Set<String> allowed = new java.util.HashSet<>(GUESTS);
    if (!assignee.isEmpty()) {
      allowed.add(assignee);
    }
    assertThat(guestAnswers.keySet()).as("attendees after %s", steps).isSubsetOf(allowed);
  }

  /**
   * CalSync writes as the orchestrator would, conditional on the version it knows; then the same
   * command arrives again, first with its old etag (refused), then re-executed on the new version.
   */
  private static void calSyncWrite(
      GoogleAccess access, String taskId, String eventId, CalSyncWrite write) throws Exception {
    Event current = gateway.get(access, "primary", eventId).block();
    int seed = write.seed();
    OffsetDateTime start = START.plusMinutes(30L * (seed % 5));
    UpsertEvent command =
        new UpsertEvent(
            UUID.randomUUID().toString(),
            USER,
            taskId,
            "primary",
            eventId,
            current.getEtag(),
            SendUpdates.NONE,
            "Quarterly review v" + seed,
            seed % 4 == 0 ? null : "Notes " + seed,
            EventTime.ofDateTime(start, "Europe/Berlin"),
            EventTime.ofDateTime(start.plusHours(2), "Europe/Berlin"),
            seed % 3 == 0 ? List.of() : List.of(ASSIGNEES.get(seed % ASSIGNEES.size())),
            Map.of(UpsertEvent.TASK_ID_PROPERTY, taskId),
            write.fields());
    Event written = execute(access, command, current);
    assertThat(written).as("a write on the version it was made for").isNotNull();
    assertThat(execute(access, command, current)).as("the same write on a stale etag").isNull();
    Event now = gateway.get(access, "primary", eventId).block();
    execute(access, command.withFields(write.fields()), now, now.getEtag());
  }

  private static ObjectNode event(String eventId) {
    return google.control().events(account).stream()
        .filter(event -> eventId.equals(event.path("id").asText()))
        .findFirst()
        .orElseThrow();
  }

  private static Event execute(GoogleAccess access, UpsertEvent command, Event current) {
    return execute(access, command, current, command.expectedEtag());
  }

  /** The connector's patch (CommandExecutor's upsert path); null when Google answers 412. */
  private static Event execute(
      GoogleAccess access, UpsertEvent command, Event current, String etag) {
    Event patch = EventMapper.toPatch(command, command.sets(EventField.ASSIGNEE) ? current : null);
    return gateway
        .patch(access, "primary", command.eventId(), patch, etag, SendUpdates.NONE)
        .onErrorResume(error -> GoogleErrors.status(error) == 412, error -> reactorEmpty())
        .block();
  }

  private static reactor.core.publisher.Mono<Event> reactorEmpty() {
    return reactor.core.publisher.Mono.empty();
  }

  private static void set(
      ObjectNode target, Map<String, JsonNode> expected, int fieldIndex, int valueIndex) {
    List<String> names = new ArrayList<>(USER_FIELDS.keySet());
    String name = names.get(fieldIndex % names.size());
    List<String> values = USER_FIELDS.get(name);
    try {
      JsonNode value = JSON.readTree(values.get(valueIndex % values.size()));
      target.set(name, value);
      expected.put(name, value);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Provide
  Arbitrary<Map<Integer, Integer>> initialUserFields() {
    return Arbitraries.maps(
            Arbitraries.integers().between(0, USER_FIELDS.size() - 1),
            Arbitraries.integers().between(0, 1))
        .ofMaxSize(USER_FIELDS.size());
  }

  @Provide
  Arbitrary<List<Step>> steps() {
    Arbitrary<Step> userEdit =
        Combinators.combine(
                Arbitraries.integers().between(0, USER_FIELDS.size() - 1),
                Arbitraries.integers().between(0, 1))
            .as(UserEdit::new);
    Arbitrary<Step> answer =
        Combinators.combine(
                Arbitraries.integers().between(0, 1), Arbitraries.integers().between(0, 2))
            .as(GuestAnswer::new);
    Arbitrary<Step> otherApp = Arbitraries.integers().between(1, 9).map(OtherAppEdit::new);
    Arbitrary<Step> calSync =
        Combinators.combine(
                Arbitraries.of(EventField.class)
                    .set()
                    .ofMaxSize(4)
                    .map(
                        fields ->
                            fields.isEmpty()
                                ? EnumSet.noneOf(EventField.class)
                                : EnumSet.copyOf(fields)),
                Arbitraries.integers().between(0, 59))
            .as((fields, seed) -> (Step) new CalSyncWrite(fields, seed));
    return Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(3, userEdit),
            net.jqwik.api.Tuple.of(1, answer),
            net.jqwik.api.Tuple.of(1, otherApp),
            net.jqwik.api.Tuple.of(4, calSync))
        .list()
        .ofMinSize(1)
        .ofMaxSize(10);
  }
}
