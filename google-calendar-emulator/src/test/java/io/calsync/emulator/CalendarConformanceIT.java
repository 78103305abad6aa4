package io.calsync.emulator;

import static io.calsync.emulator.EventMother.TOMORROW_NINE;
import static io.calsync.emulator.EventMother.meeting;
import static io.calsync.emulator.EventMother.meetingAt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.api.client.http.HttpHeaders;
import com.google.api.client.util.DateTime;
import com.google.api.services.calendar.Calendar;
import com.google.api.services.calendar.model.Event;
import com.google.api.services.calendar.model.EventAttendee;
import com.google.api.services.calendar.model.Events;
import io.calsync.emulator.calendar.WriteLog;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Calendar API v3 behaviour, driven only through the official Google Java client. */
class CalendarConformanceIT extends CalendarClientTestBase {

  record SyncResult(List<Event> items, String nextSyncToken, int pages) {}

  SyncResult sync(String syncToken, Integer maxResults) throws IOException {
    List<Event> items = new ArrayList<>();
    String pageToken = null;
    int pages = 0;
    Events page;
    do {
      Calendar.Events.List request = list().setPageToken(pageToken);
      if (syncToken != null) {
        request.setSyncToken(syncToken);
      }
      if (maxResults != null) {
        request.setMaxResults(maxResults);
      }
      page = request.execute();
      pages++;
      items.addAll(page.getItems());
      pageToken = page.getNextPageToken();
      if (pageToken != null) {
        assertThat(page.getNextSyncToken()).as("nextSyncToken only on the last page").isNull();
      }
    } while (pageToken != null);
    assertThat(page.getNextSyncToken()).isNotBlank();
    return new SyncResult(items, page.getNextSyncToken(), pages);
  }

  static Event byId(List<Event> events, String id) {
    return events.stream().filter(e -> e.getId().equals(id)).findFirst().orElseThrow();
  }

  ObjectNode userEvent(String summary) {
    ObjectNode event = json.createObjectNode().put("summary", summary);
    event.putObject("start").put("dateTime", TOMORROW_NINE.toString());
    event.putObject("end").put("dateTime", TOMORROW_NINE.plus(1, ChronoUnit.HOURS).toString());
    return event;
  }

  @Test
  void incrementalSync_seesCreatesUpdatesAndCancellations() throws IOException {
    Event kept = insert(meeting("kept"));
    Event changed = insert(meeting("to change"));
    Event removed = insert(meeting("to remove"));
    SyncResult full = sync(null, null);
    assertThat(full.items())
        .extracting(Event::getId)
        .containsExactlyInAnyOrder(kept.getId(), changed.getId(), removed.getId());

    patch(changed.getId(), new Event().setSummary("changed"));
    alice.events().delete("primary", removed.getId()).execute();
    Event added = insert(meeting("added"));
    String byUser =
        google.control().createEvent(ALICE, userEvent("typed in Google's UI")).get("id").asText();

    SyncResult delta = sync(full.nextSyncToken(), null);

    assertThat(delta.items())
        .extracting(Event::getId)
        .containsExactlyInAnyOrder(changed.getId(), removed.getId(), added.getId(), byUser);
    Event cancelled = byId(delta.items(), removed.getId());
    assertThat(cancelled.getStatus()).isEqualTo("cancelled");
    assertThat(cancelled.getSummary())
        .as("deleted items carry only what Google guarantees")
        .isNull();
    assertThat(cancelled.getStart()).isNull();
    assertThat(byId(delta.items(), changed.getId()).getSummary()).isEqualTo("changed");
    assertThat(sync(delta.nextSyncToken(), null).items()).isEmpty();
  }

  /** The {@code events.list} parameters Google rejects together with a {@code syncToken}. */
  static Stream<Named<UnaryOperator<Calendar.Events.List>>> parametersForbiddenWithASyncToken() {
    return Stream.of(
        Named.of("timeMin", list -> list.setTimeMin(new DateTime(0))),
        Named.of("updatedMin", list -> list.setUpdatedMin(new DateTime(0))),
        Named.of("q", list -> list.setQ("a")),
        Named.of("orderBy", list -> list.setOrderBy("updated")),
        Named.of(
            "privateExtendedProperty", list -> list.setPrivateExtendedProperty(List.of("k=v"))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("parametersForbiddenWithASyncToken")
  void syncToken_rejectsParametersGoogleForbids(UnaryOperator<Calendar.Events.List> parameter)
      throws IOException {
    insert(meeting("a"));
    String token = sync(null, null).nextSyncToken();

    assertGoogleError(
        () -> parameter.apply(list().setSyncToken(token)).execute(), 400, "global", "invalid");
  }

  @Test
  void syncToken_allowsSingleEvents() throws IOException {
    insert(meeting("a"));
    String token = sync(null, null).nextSyncToken();

    assertThat(list().setSyncToken(token).setSingleEvents(true).execute().getItems()).isEmpty();
  }

  @Test
  void expiredSyncToken_answers410_andAFullSyncRecovers() throws IOException {
    insert(meeting("a"));
    String token = sync(null, null).nextSyncToken();
    insert(meeting("b"));

    google.control().expireSyncTokens(ALICE);

    assertGoogleError(
        () -> list().setSyncToken(token).execute(), 410, "global", "fullSyncRequired");
    SyncResult full = sync(null, null);
    assertThat(full.items()).extracting(Event::getSummary).containsExactlyInAnyOrder("a", "b");
    assertThat(sync(full.nextSyncToken(), null).items()).isEmpty();
  }

  @Test
  void paging_capsPagesAt2500_andKeepsTheSyncTokenForTheLastPage() throws IOException {
    for (int i = 0; i < 2_600; i++) {
      google.control().createEvent(ALICE, userEvent("bulk " + i));
    }

    Events first = list().setMaxResults(5_000).execute();
    assertThat(first.getItems()).hasSize(2_500);
    assertThat(first.getNextPageToken()).isNotBlank();
    assertThat(first.getNextSyncToken()).isNull();
    Events second = list().setMaxResults(5_000).setPageToken(first.getNextPageToken()).execute();
    assertThat(second.getItems()).hasSize(100);
    assertThat(second.getNextSyncToken()).isNotBlank();
    assertThat(list().execute().getItems()).as("default page size").hasSize(250);

    List<String> ids = first.getItems().stream().limit(3).map(Event::getId).toList();
    for (String id : ids) {
      patch(id, new Event().setDescription("edited"));
    }
    SyncResult delta = sync(second.getNextSyncToken(), 2);
    assertThat(delta.pages()).isEqualTo(2);
    assertThat(delta.items()).extracting(Event::getId).containsExactlyElementsOf(ids);
  }

  @Test
  void clientChosenIds_areValidated_andStayTakenAfterDeletion() throws IOException {
    String id = "ca1snc0ta5k0042";
    insert(meeting("first").setId(id));

    assertGoogleError(() -> insert(meeting("again").setId(id)), 409, "global", "duplicate");
    alice.events().delete("primary", id).execute();
    assertGoogleError(() -> insert(meeting("after delete").setId(id)), 409, "global", "duplicate");
    assertGoogleError(() -> insert(meeting("bad").setId("UPPER1")), 400, "global", "invalid");
    assertGoogleError(() -> insert(meeting("bad").setId("abcw1")), 400, "global", "invalid");
    assertGoogleError(() -> insert(meeting("bad").setId("abcd")), 400, "global", "invalid");
  }

  @Test
  void staleEtag_isRejectedWith412() throws IOException {
    Event created = insert(meeting("v1"));
    Event patched = patch(created.getId(), new Event().setSummary("v2"));
    assertThat(patched.getEtag()).isNotEqualTo(created.getEtag()).startsWith("\"").endsWith("\"");

    Calendar.Events.Update stale = alice.events().update("primary", created.getId(), meeting("v3"));
    stale.setRequestHeaders(new HttpHeaders().setIfMatch(created.getEtag()));
    assertGoogleError(stale::execute, 412, "global", "conditionNotMet");
    Calendar.Events.Delete staleDelete = alice.events().delete("primary", created.getId());
    staleDelete.setRequestHeaders(new HttpHeaders().setIfMatch(created.getEtag()));
    assertGoogleError(staleDelete::execute, 412, "global", "conditionNotMet");

    Calendar.Events.Update fresh = alice.events().update("primary", created.getId(), meeting("v3"));
    fresh.setRequestHeaders(new HttpHeaders().setIfMatch(patched.getEtag()));
    assertThat(fresh.execute().getSummary()).isEqualTo("v3");
  }

  @Test
  void deleteTwice_answers410_andUnknownEvents404() throws IOException {
    Event created = insert(meeting("gone soon"));
    alice.events().delete("primary", created.getId()).execute();

    assertGoogleError(
        () -> alice.events().delete("primary", created.getId()).execute(),
        410,
        "global",
        "deleted");
    assertThat(get(created.getId()).getStatus()).isEqualTo("cancelled");
    assertGoogleError(() -> get("nosuchevent1"), 404, "global", "notFound");
    assertGoogleError(
        () -> alice.events().list("bob@example.com").execute(), 404, "global", "notFound");
  }

  @Test
  void etagUpdatedAndSequence_evolveLikeGoogles() throws IOException, InterruptedException {
    Event created = insert(meeting("planning"));
    assertThat(created.getSequence()).isZero();
    assertThat(created.getCreated()).isEqualTo(created.getUpdated());
    Thread.sleep(5);

    Event described = patch(created.getId(), new Event().setDescription("agenda"));
    assertThat(described.getSequence()).as("description is not a scheduling change").isZero();
    assertThat(described.getEtag()).isNotEqualTo(created.getEtag());
    assertThat(described.getUpdated().getValue()).isGreaterThan(created.getUpdated().getValue());

    Event moved = meetingAt("planning", TOMORROW_NINE.plus(1, ChronoUnit.HOURS));
    Event rescheduled =
        patch(created.getId(), new Event().setStart(moved.getStart()).setEnd(moved.getEnd()));
    assertThat(rescheduled.getSequence()).isEqualTo(1);
    assertThat(rescheduled.getDescription()).isEqualTo("agenda");
    assertThat(rescheduled.getCreated()).isEqualTo(created.getCreated());
  }

  @Test
  void update_replacesTheWholeEvent_whilePatchMergesExtendedProperties() throws IOException {
    Event tagged =
        meeting("linked")
            .setDescription("from CRM")
            .setExtendedProperties(
                new Event.ExtendedProperties().setPrivate(Map.of("calsyncTaskId", "42")));
    Event created = insert(tagged);

    Event patched =
        patch(
            created.getId(),
            new Event()
                .setExtendedProperties(
                    new Event.ExtendedProperties().setPrivate(Map.of("other", "x"))));
    assertThat(patched.getExtendedProperties().getPrivate())
        .containsEntry("calsyncTaskId", "42")
        .containsEntry("other", "x");

    Event replaced = alice.events().update("primary", created.getId(), meeting("linked")).execute();
    assertThat(replaced.getDescription()).isNull();
    assertThat(replaced.getExtendedProperties()).isNull();
    assertThat(google.callCount("events.patch", ALICE)).isEqualTo(1);
  }

  @Test
  void privateExtendedProperty_filtersTheList() throws IOException {
    insert(
        meeting("linked")
            .setExtendedProperties(
                new Event.ExtendedProperties().setPrivate(Map.of("calsyncTaskId", "42"))));
    insert(meeting("unrelated"));

    List<Event> found =
        list().setPrivateExtendedProperty(List.of("calsyncTaskId=42")).execute().getItems();

    assertThat(found).extracting(Event::getSummary).containsExactly("linked");
  }

  @Test
  void timeWindowUpdatedMinAndShowDeleted_filterTheFullList() throws IOException {
    Instant now = Instant.now();
    insert(meetingAt("past", now.minus(3, ChronoUnit.DAYS)));
    Event future = insert(meetingAt("future", now.plus(3, ChronoUnit.DAYS)));
    Event deleted = insert(meetingAt("deleted", now.plus(4, ChronoUnit.DAYS)));
    alice.events().delete("primary", deleted.getId()).execute();

    assertThat(list().setTimeMin(new DateTime(now.toEpochMilli())).execute().getItems())
        .extracting(Event::getSummary)
        .containsExactly("future");
    assertThat(
            list()
                .setShowDeleted(true)
                .setTimeMin(new DateTime(now.toEpochMilli()))
                .execute()
                .getItems())
        .extracting(Event::getId)
        .containsExactlyInAnyOrder(future.getId(), deleted.getId());
    assertThat(list().setTimeMax(new DateTime(now.toEpochMilli())).execute().getItems())
        .extracting(Event::getSummary)
        .containsExactly("past");
    assertThat(
            list()
                .setUpdatedMin(new DateTime(now.plusSeconds(3600).toEpochMilli()))
                .execute()
                .getItems())
        .isEmpty();
  }

  @Test
  void singleEvents_expandsDailyAndWeeklyRules() throws IOException {
    Event daily =
        insert(EventMother.recurring("standup", TOMORROW_NINE, "RRULE:FREQ=DAILY;COUNT=5"));
    insert(
        EventMother.recurring(
            "review", TOMORROW_NINE, "RRULE:FREQ=WEEKLY;UNTIL=" + untilInWeeks(3)));

    assertThat(list().execute().getItems()).hasSize(2);
    List<Event> instances =
        list().setSingleEvents(true).setOrderBy("startTime").execute().getItems();

    List<Event> standups =
        instances.stream().filter(e -> "standup".equals(e.getSummary())).toList();
    assertThat(standups).hasSize(5);
    assertThat(standups)
        .allSatisfy(e -> assertThat(e.getRecurringEventId()).isEqualTo(daily.getId()));
    assertThat(standups.get(1).getStart().getDateTime().getValue())
        .isEqualTo(TOMORROW_NINE.plus(1, ChronoUnit.DAYS).toEpochMilli());
    assertThat(standups.get(1).getOriginalStartTime().getDateTime())
        .isEqualTo(standups.get(1).getStart().getDateTime());
    assertThat(standups.get(0).getId()).startsWith(daily.getId() + "_");
    assertThat(instances.stream().filter(e -> "review".equals(e.getSummary()))).hasSize(3);
    assertThat(get(standups.get(2).getId()).getRecurringEventId()).isEqualTo(daily.getId());
    assertThat(alice.events().instances("primary", daily.getId()).execute().getItems()).hasSize(5);
  }

  private static String untilInWeeks(int weeks) {
    return java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
        .withZone(java.time.ZoneOffset.UTC)
        .format(TOMORROW_NINE.plus(7L * (weeks - 1), ChronoUnit.DAYS).plus(1, ChronoUnit.HOURS));
  }

  @Test
  void sendUpdates_isRecordedSoNoInvitationStormGoesUnnoticed() throws IOException {
    Event withGuest =
        meeting("with guest")
            .setAttendees(List.of(new EventAttendee().setEmail("bob@example.com")));
    Event quiet = alice.events().insert("primary", withGuest).setSendUpdates("none").execute();
    Event loud = alice.events().insert("primary", withGuest).setSendUpdates("all").execute();

    List<WriteLog.Write> writes = google.control().writes(ALICE);

    assertThat(writes)
        .filteredOn(w -> w.eventId().equals(quiet.getId()))
        .singleElement()
        .satisfies(
            w -> {
              assertThat(w.sendUpdates()).isEqualTo("none");
              assertThat(w.notificationsSent()).isZero();
            });
    assertThat(writes)
        .filteredOn(w -> w.eventId().equals(loud.getId()))
        .singleElement()
        .satisfies(w -> assertThat(w.notificationsSent()).isEqualTo(1));
  }

  @Test
  void readLag_hidesFreshWritesFromListsUntilTheyAge() throws IOException {
    String token = sync(null, null).nextSyncToken();
    google.control().setReadLag(Duration.ofSeconds(3));
    Event fresh = insert(meeting("fresh"));

    assertThat(list().execute().getItems()).isEmpty();
    assertThat(list().setSyncToken(token).execute().getItems()).isEmpty();
    assertThat(get(fresh.getId()).getSummary()).isEqualTo("fresh");
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(list().setSyncToken(token).execute().getItems())
                    .extracting(Event::getId)
                    .containsExactly(fresh.getId()));
  }

  @Test
  void syncTokenFromBeforeAReset_answers410() throws IOException {
    insert(meeting("forgotten by the reset"));
    String token = sync(null, null).nextSyncToken();

    google.reset();
    alice = new GoogleOAuthFlow(google).calendarFor(ALICE);

    assertGoogleError(
        () -> list().setSyncToken(token).execute(), 410, "global", "fullSyncRequired");
  }
}
