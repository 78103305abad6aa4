package io.calsync.emulator;

import static io.calsync.emulator.EventMother.TOMORROW_NINE;
import static io.calsync.emulator.EventMother.invitationFrom;
import static io.calsync.emulator.EventMother.meeting;
import static io.calsync.emulator.EventMother.meetingAt;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.api.services.calendar.model.ConferenceData;
import com.google.api.services.calendar.model.ConferenceSolutionKey;
import com.google.api.services.calendar.model.CreateConferenceRequest;
import com.google.api.services.calendar.model.Event;
import com.google.api.services.calendar.model.EventAttachment;
import com.google.api.services.calendar.model.EventAttendee;
import com.google.api.services.calendar.model.EventReminder;
import com.google.api.services.calendar.model.Events;
import io.calsync.emulator.calendar.WriteLog;
import java.io.IOException;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the data-safety tests rely on, driven through the official Google Java client: organizer and
 * attendee flags, attendees' copies of invitations, conference data, and every user field surviving
 * a patch of the fields CalSync maps.
 */
class EventFidelityIT extends CalendarClientTestBase {

  static final String DORA = "dora@partner.example";

  /** The resource as JSON, without the fields every write changes. */
  ObjectNode stable(Event event) throws IOException {
    ObjectNode node = (ObjectNode) json.readTree(GoogleOAuthFlow.JSON.toString(event));
    node.remove(List.of("etag", "updated", "sequence"));
    return node;
  }

  static EventAttendee attendee(Event event, String email) {
    return event.getAttendees().stream()
        .filter(a -> email.equals(a.getEmail()))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void organizerAndCreator_areTheCalendarOwner_andReadOnly() throws IOException {
    Event sent =
        meeting("planning")
            .setOrganizer(new Event.Organizer().setEmail(DORA))
            .setCreator(new Event.Creator().setEmail(DORA));
    Event created = insert(sent);

    Event patched =
        patch(created.getId(), new Event().setOrganizer(new Event.Organizer().setEmail(DORA)));
    Event replaced =
        alice
            .events()
            .update(
                "primary",
                created.getId(),
                meeting("planning").setCreator(new Event.Creator().setEmail(DORA)))
            .execute();

    for (Event event : List.of(created, patched, replaced, get(created.getId()))) {
      assertThat(event.getOrganizer().getEmail()).isEqualTo(ALICE);
      assertThat(event.getOrganizer().getSelf()).isTrue();
      assertThat(event.getCreator().getEmail()).isEqualTo(ALICE);
      assertThat(event.getCreator().getSelf()).isTrue();
    }
  }

  @Test
  void attendees_getNeedsActionAndSelf_andKeepWhatWasWritten() throws IOException {
    Event created =
        alice
            .events()
            .insert(
                "primary",
                meeting("with guests")
                    .setAttendees(
                        List.of(
                            new EventAttendee().setEmail(ALICE).setResponseStatus("accepted"),
                            new EventAttendee()
                                .setEmail("bob@example.com")
                                .setDisplayName("Bob")
                                .setOptional(true)
                                .setComment("if I can")
                                .setAdditionalGuests(1),
                            new EventAttendee().setEmail("carol@example.com").setSelf(true))))
            .setSendUpdates("none")
            .execute();

    List<EventAttendee> attendees = get(created.getId()).getAttendees();
    assertThat(attendees.get(0).getSelf()).isTrue();
    assertThat(attendees.get(0).getOrganizer()).as("alice organizes").isTrue();
    assertThat(attendees.get(0).getResponseStatus()).isEqualTo("accepted");
    assertThat(attendees.get(1).getResponseStatus()).isEqualTo("needsAction");
    assertThat(attendees.get(1).getSelf()).isNull();
    assertThat(attendees.get(1).getDisplayName()).isEqualTo("Bob");
    assertThat(attendees.get(1).getOptional()).isTrue();
    assertThat(attendees.get(1).getComment()).isEqualTo("if I can");
    assertThat(attendees.get(1).getAdditionalGuests()).isEqualTo(1);
    assertThat(attendees.get(2).getSelf()).as("read-only: only the owner's entry").isNull();
  }

  @Test
  void anInvitation_showsItsOrganizer_andTheOwnersOwnEntry_inGetAndList() throws IOException {
    String id =
        google
            .control()
            .createEvent(ALICE, invitationFrom(DORA, "Partner call"))
            .get("id")
            .asText();

    Events list = list().execute();
    Event listed = list.getItems().get(0);

    assertThat(list.getTimeZone()).as("the calendar's time zone").isEqualTo("UTC");
    for (Event event : List.of(listed, get(id))) {
      assertThat(event.getOrganizer().getEmail()).isEqualTo(DORA);
      assertThat(event.getOrganizer().getSelf()).isNull();
      assertThat(event.getCreator().getEmail()).isEqualTo(DORA);
      EventAttendee own = attendee(event, ALICE);
      assertThat(own.getSelf()).isTrue();
      assertThat(own.getResponseStatus()).isEqualTo("needsAction");
      EventAttendee organizer = attendee(event, DORA);
      assertThat(organizer.getOrganizer()).isTrue();
    }

    google.control().respond(ALICE, id, "accepted");
    assertThat(get(id).getAttendees())
        .filteredOn(a -> ALICE.equals(a.getEmail()))
        .singleElement()
        .satisfies(a -> assertThat(a.getResponseStatus()).isEqualTo("accepted"));
  }

  @Test
  void onAnAttendeesCopy_sharedPropertiesAreForbidden_whileTheCopysOwnFieldsStayWritable()
      throws IOException {
    ObjectNode seed = invitationFrom(DORA, "Partner call").put("guestsCanSeeOtherGuests", false);
    String id = google.control().createEvent(ALICE, seed).get("id").asText();

    assertGoogleError(
        () -> patch(id, new Event().setGuestsCanModify(true)),
        403,
        "calendar",
        "forbiddenForNonOrganizer");
    // An update without the shared properties asks for their defaults (Google's error guide).
    Event resent = get(id).setGuestsCanSeeOtherGuests(null);
    assertGoogleError(
        () -> alice.events().update("primary", id, resent).execute(),
        403,
        "calendar",
        "forbiddenForNonOrganizer");

    Event own = get(id);
    List<EventAttendee> answered = own.getAttendees();
    answered.stream()
        .filter(a -> ALICE.equals(a.getEmail()))
        .forEach(a -> a.setResponseStatus("tentative"));
    Event personal =
        patch(
            id,
            new Event()
                .setColorId("3")
                .setTransparency("transparent")
                .setReminders(
                    new Event.Reminders()
                        .setUseDefault(false)
                        .setOverrides(
                            List.of(new EventReminder().setMethod("popup").setMinutes(15))))
                .setExtendedProperties(
                    new Event.ExtendedProperties().setPrivate(Map.of("mine", "1")))
                .setAttendees(answered));
    assertThat(personal.getColorId()).isEqualTo("3");

    Event retitled = patch(id, new Event().setSummary("my own title"));
    assertThat(retitled.getSummary()).isEqualTo("my own title");
    assertThat(google.control().apiWrites(ALICE, id))
        .last()
        .satisfies(
            w -> {
              assertThat(w.organizerCopy()).as("an attendee's copy: not propagated").isFalse();
              assertThat(w.changedFields()).containsExactly("summary");
            });

    // The organizer's next change reaches this copy; what belongs to the copy stays.
    google
        .control()
        .patchEventAsOrganizer(ALICE, id, json.createObjectNode().put("summary", "Moved call"));
    Event after = get(id);
    assertThat(after.getSummary()).isEqualTo("Moved call");
    assertThat(after.getColorId()).isEqualTo("3");
    assertThat(after.getTransparency()).isEqualTo("transparent");
    assertThat(after.getExtendedProperties().getPrivate()).containsEntry("mine", "1");
    assertThat(after.getAttendees())
        .filteredOn(a -> ALICE.equals(a.getEmail()))
        .singleElement()
        .satisfies(a -> assertThat(a.getResponseStatus()).isEqualTo("tentative"));
    assertThat(google.control().apiWrites(ALICE, id)).hasSize(2);
    assertThat(google.control().writes(ALICE, id))
        .extracting(WriteLog.Write::actor)
        .containsExactly("user", "api:calsync-local", "api:calsync-local", "organizer:" + DORA);
  }

  @Test
  void conferenceData_followsConferenceDataVersion() throws IOException {
    ConferenceData meet =
        new ConferenceData()
            .setCreateRequest(
                new CreateConferenceRequest()
                    .setRequestId("req-1")
                    .setConferenceSolutionKey(new ConferenceSolutionKey().setType("hangoutsMeet")));
    Event ignored = insert(meeting("no support").setConferenceData(meet));
    assertThat(ignored.getConferenceData()).as("version 0 ignores it").isNull();

    Event created =
        alice
            .events()
            .insert("primary", meeting("with Meet").setConferenceData(meet))
            .setConferenceDataVersion(1)
            .execute();
    String link = created.getHangoutLink();
    assertThat(link).startsWith("https://meet.google.com/");
    assertThat(created.getConferenceData().getEntryPoints().get(0).getUri()).isEqualTo(link);

    Event withoutConference = get(created.getId()).setSummary("renamed").setConferenceData(null);
    Event kept = alice.events().update("primary", created.getId(), withoutConference).execute();
    assertThat(kept.getHangoutLink()).as("version 0 keeps the stored conference").isEqualTo(link);
    assertThat(kept.getConferenceData()).isEqualTo(created.getConferenceData());

    Event removed =
        alice
            .events()
            .update("primary", created.getId(), kept.setConferenceData(null))
            .setConferenceDataVersion(1)
            .execute();
    assertThat(removed.getConferenceData()).isNull();
    assertThat(removed.getHangoutLink()).isNull();

    assertGoogleError(
        () ->
            alice
                .events()
                .patch("primary", created.getId(), new Event())
                .setConferenceDataVersion(2)
                .execute(),
        400,
        "global",
        "invalid");
  }

  @Test
  void theControlApi_seedsAMeetLink_asGooglesUiDoes() throws IOException {
    ObjectNode seed = invitationFrom(DORA, "Partner call");
    ObjectNode conference = seed.putObject("conferenceData").put("conferenceId", "abc-defg-hij");
    conference
        .putObject("conferenceSolution")
        .put("name", "Google Meet")
        .putObject("key")
        .put("type", "hangoutsMeet");
    conference
        .putArray("entryPoints")
        .addObject()
        .put("entryPointType", "video")
        .put("uri", "https://meet.google.com/abc-defg-hij");
    String id = google.control().createEvent(ALICE, seed).get("id").asText();

    Event event = get(id);

    assertThat(event.getHangoutLink()).isEqualTo("https://meet.google.com/abc-defg-hij");
    assertThat(event.getConferenceData().getConferenceId()).isEqualTo("abc-defg-hij");
  }

  @Test
  void patchesOfTheMappedFields_leaveEveryOtherFieldByteEqual() throws IOException {
    Event full =
        meeting("planning")
            .setDescription("agenda")
            .setLocation("Room 4, Berlin")
            .setColorId("7")
            .setVisibility("private")
            .setTransparency("transparent")
            .setGuestsCanModify(true)
            .setGuestsCanInviteOthers(false)
            .setGuestsCanSeeOtherGuests(false)
            .setRecurrence(List.of("RRULE:FREQ=WEEKLY;COUNT=4"))
            .setReminders(
                new Event.Reminders()
                    .setUseDefault(false)
                    .setOverrides(
                        List.of(
                            new EventReminder().setMethod("email").setMinutes(1440),
                            new EventReminder().setMethod("popup").setMinutes(10))))
            .setAttachments(
                List.of(
                    new EventAttachment()
                        .setFileUrl("https://drive.google.com/open?id=abc")
                        .setTitle("Agenda")
                        .setMimeType("application/pdf")))
            .setAttendees(
                List.of(
                    new EventAttendee().setEmail("bob@example.com").setOptional(true),
                    new EventAttendee().setEmail(ALICE).setResponseStatus("accepted")))
            .setExtendedProperties(
                new Event.ExtendedProperties()
                    .setPrivate(Map.of("calsyncTaskId", "42", "otherApp", "x"))
                    .setShared(Map.of("sharedKey", "s")))
            .setConferenceData(
                new ConferenceData()
                    .setCreateRequest(new CreateConferenceRequest().setRequestId("req-full")));
    Event created =
        alice
            .events()
            .insert("primary", full)
            .setConferenceDataVersion(1)
            .setSupportsAttachments(true)
            .setSendUpdates("none")
            .execute();
    assertThat(created.getAttachments()).hasSize(1);
    assertThat(created.getHangoutLink()).isNotBlank();

    Event renamed =
        alice
            .events()
            .patch("primary", created.getId(), new Event().setSummary("planning (moved)"))
            .setSendUpdates("none")
            .execute();
    ObjectNode expected = stable(created).put("summary", "planning (moved)");
    assertThat(stable(renamed)).isEqualTo(expected);
    assertThat(stable(get(created.getId()))).isEqualTo(expected);

    Event moved = meetingAt("planning", TOMORROW_NINE.plus(2, ChronoUnit.HOURS));
    Event mapped =
        alice
            .events()
            .patch(
                "primary",
                created.getId(),
                new Event()
                    .setDescription("new agenda")
                    .setStart(moved.getStart())
                    .setEnd(moved.getEnd())
                    .setExtendedProperties(
                        new Event.ExtendedProperties()
                            .setPrivate(Map.of("calsyncTaskId", "43", "calsyncVersion", "2"))))
            .setSendUpdates("none")
            .execute();
    ObjectNode afterMapped = stable(mapped);
    ObjectNode privateProperties =
        (ObjectNode) afterMapped.path("extendedProperties").path("private");
    assertThat(privateProperties)
        .as("private properties merge key by key")
        .isEqualTo(
            json.readTree(
                "{\"calsyncTaskId\":\"43\",\"calsyncVersion\":\"2\",\"otherApp\":\"x\"}"));
    for (ObjectNode version : List.of(afterMapped, expected)) {
      version.remove(List.of("description", "start", "end"));
      ((ObjectNode) version.get("extendedProperties")).remove("private");
    }
    assertThat(afterMapped).isEqualTo(expected);
  }

  @Test
  void remindersColoursAndAttachments_areValidatedAsGoogleDoes() throws IOException {
    List<EventReminder> six =
        Collections.nCopies(6, new EventReminder().setMethod("popup").setMinutes(5));
    assertGoogleError(
        () ->
            insert(
                meeting("too many")
                    .setReminders(new Event.Reminders().setUseDefault(false).setOverrides(six))),
        400,
        "calendar",
        "eventRemindersCountExceedsLimit");
    assertGoogleError(
        () ->
            insert(
                meeting("both")
                    .setReminders(
                        new Event.Reminders().setUseDefault(true).setOverrides(six.subList(0, 1)))),
        400,
        "calendar",
        "cannotUseDefaultRemindersAndSpecifyOverride");
    assertGoogleError(() -> insert(meeting("colour").setColorId("12")), 400, "global", "invalid");

    Event withoutSupport =
        insert(
            meeting("attachment")
                .setAttachments(
                    List.of(new EventAttachment().setFileUrl("https://drive.google.com/x"))));
    assertThat(withoutSupport.getAttachments())
        .as("ignored without supportsAttachments=true")
        .isNull();
  }
}
