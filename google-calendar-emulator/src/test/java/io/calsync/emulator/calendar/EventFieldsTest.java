package io.calsync.emulator.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.calsync.emulator.wire.GoogleApiException;
import java.time.ZoneId;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Field rules of event writes, each as the Events reference or the error guide documents it. */
class EventFieldsTest {

  static final ObjectMapper JSON = new ObjectMapper();
  static final ZoneId UTC = ZoneId.of("UTC");
  static final long T0 = 1_795_000_000_000_000L;
  static final String OWNER = "alice@example.com";
  static final String DORA = "dora@partner.example";

  static ObjectNode json(String text) {
    try {
      return (ObjectNode) JSON.readTree(text.replace('\'', '"'));
    } catch (Exception e) {
      throw new IllegalArgumentException(text, e);
    }
  }

  static ObjectNode event(String extra) {
    return json(
        "{'summary':'a','start':{'dateTime':'2030-05-01T10:00:00Z'},"
            + "'end':{'dateTime':'2030-05-01T11:00:00Z'}"
            + (extra.isEmpty() ? "" : "," + extra)
            + "}");
  }

  static ObjectNode insert(ObjectNode body, EventRules.WriteContext context) {
    return EventRules.build(body, null, OWNER, "abcde", T0, UTC, context);
  }

  static ObjectNode invitation(String extra) {
    return insert(
        event(extra),
        new EventRules.WriteContext(1, true, json("{'email':'" + DORA + "'}"), false));
  }

  static ObjectNode write(ObjectNode body, ObjectNode previous, EventRules.WriteContext context) {
    return EventRules.build(body, previous, OWNER, "abcde", T0 + 1_000_000, UTC, context);
  }

  static ObjectNode patch(ObjectNode previous, String patch) {
    return write(
        EventRules.merge(previous.deepCopy(), json(patch)),
        previous,
        EventRules.WriteContext.API_DEFAULTS);
  }

  static void assertReason(Runnable write, String reason) {
    assertThatThrownBy(write::run)
        .isInstanceOfSatisfying(
            GoogleApiException.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }

  @Nested
  class OrganizerAndCreator {

    @Test
    void areTheCalendarOwnerOnInsert_whateverTheClientSends() {
      ObjectNode created =
          insert(
              event("'organizer':{'email':'" + DORA + "'},'creator':{'email':'" + DORA + "'}"),
              EventRules.WriteContext.API_DEFAULTS);

      assertThat(created.get("organizer")).isEqualTo(json("{'email':'" + OWNER + "','self':true}"));
      assertThat(created.get("creator")).isEqualTo(json("{'email':'" + OWNER + "','self':true}"));
    }

    @Test
    void areReadOnly_onUpdateAndPatch() {
      ObjectNode invited = invitation("");

      ObjectNode replaced =
          write(
              event("'organizer':{'email':'" + OWNER + "','self':true}"),
              invited,
              EventRules.WriteContext.API_DEFAULTS);
      ObjectNode patched = patch(invited, "{'creator':{'email':'" + OWNER + "'}}");

      assertThat(replaced.get("organizer")).isEqualTo(json("{'email':'" + DORA + "'}"));
      assertThat(patched.get("creator")).isEqualTo(json("{'email':'" + DORA + "'}"));
    }

    @Test
    void anInvitation_listsTheOwnerAsSelfGuest_andTheOrganizerAsOrganizerGuest() {
      ObjectNode invited = invitation("");

      assertThat(invited.get("organizer").has("self")).isFalse();
      assertThat(invited.get("attendees"))
          .containsExactly(
              json("{'email':'" + DORA + "','organizer':true,'responseStatus':'accepted'}"),
              json("{'email':'" + OWNER + "','self':true,'responseStatus':'needsAction'}"));
    }
  }

  @Nested
  class Attendees {

    @Test
    void getNeedsAction_selfAndOrganizerFlagsRecomputed_otherFieldsKept() {
      ObjectNode created =
          insert(
              event(
                  "'attendees':[{'email':'Alice@Example.com','self':false},"
                      + "{'email':'bob@example.com','self':true,'organizer':true,'displayName':'Bob',"
                      + "'optional':true,'comment':'maybe','additionalGuests':2,'responseStatus':'tentative'}]"),
              EventRules.WriteContext.API_DEFAULTS);

      assertThat(created.get("attendees"))
          .containsExactly(
              json(
                  "{'email':'Alice@Example.com','responseStatus':'needsAction','self':true,'organizer':true}"),
              json(
                  "{'email':'bob@example.com','displayName':'Bob','optional':true,'comment':'maybe',"
                      + "'additionalGuests':2,'responseStatus':'tentative'}"));
    }

    @Test
    void needAnEmail_andAKnownResponseStatus() {
      assertReason(
          () ->
              insert(
                  event("'attendees':[{'displayName':'nobody'}]"),
                  EventRules.WriteContext.API_DEFAULTS),
          "required");
      assertReason(
          () ->
              insert(
                  event("'attendees':[{'email':'b@x','responseStatus':'maybe'}]"),
                  EventRules.WriteContext.API_DEFAULTS),
          "invalid");
    }

    @Test
    void resource_canOnlyBeSetWhenTheAttendeeIsAdded() {
      ObjectNode created =
          insert(
              event("'attendees':[{'email':'room@resource.example','resource':true}]"),
              EventRules.WriteContext.API_DEFAULTS);

      ObjectNode patched =
          patch(created, "{'attendees':[{'email':'room@resource.example','resource':false}]}");

      assertThat(patched.path("attendees").get(0).path("resource").asBoolean()).isTrue();
    }
  }

  @Nested
  class AttendeeCopies {

    @Test
    void sharedPropertyChanges_areForbiddenForNonOrganizer() {
      ObjectNode invited = invitation("'guestsCanSeeOtherGuests':false");

      assertReason(() -> patch(invited, "{'guestsCanModify':true}"), "forbiddenForNonOrganizer");
      assertReason(
          () -> patch(invited, "{'guestsCanSeeOtherGuests':null}"), "forbiddenForNonOrganizer");
      // A full update without the shared properties asks for their defaults (error guide).
      assertReason(
          () -> write(event(""), invited, EventRules.WriteContext.API_DEFAULTS),
          "forbiddenForNonOrganizer");
    }

    @Test
    void sharedPropertiesResentUnchanged_andTheCopysOwnFields_areWritable() {
      ObjectNode invited = invitation("'guestsCanSeeOtherGuests':false");

      ObjectNode patched =
          patch(
              invited,
              "{'guestsCanSeeOtherGuests':false,'colorId':'5','transparency':'transparent',"
                  + "'reminders':{'useDefault':false,'overrides':[{'method':'popup','minutes':5}]},"
                  + "'extendedProperties':{'private':{'mine':'1'}}}");

      assertThat(patched.path("colorId").asText()).isEqualTo("5");
      assertThat(patched.path("extendedProperties").path("private").path("mine").asText())
          .isEqualTo("1");
    }

    @Test
    void otherChangesStayOnTheCopy() {
      ObjectNode patched = patch(invitation(""), "{'summary':'my own title'}");

      assertThat(patched.path("summary").asText()).isEqualTo("my own title");
      assertThat(EventFields.organizerCopy(patched)).isFalse();
    }

    @Test
    void theOrganizer_mayChangeSharedProperties() {
      ObjectNode invited = invitation("");

      ObjectNode changed =
          write(
              EventRules.merge(invited.deepCopy(), json("{'guestsCanModify':true}")),
              invited,
              new EventRules.WriteContext(1, true, null, true));

      assertThat(changed.path("guestsCanModify").asBoolean()).isTrue();
    }

    @Test
    void onTheOrganizersCopy_sharedPropertiesAreWritable() {
      ObjectNode own = insert(event(""), EventRules.WriteContext.API_DEFAULTS);

      assertThatCode(() -> patch(own, "{'guestsCanModify':true}")).doesNotThrowAnyException();
    }
  }

  @Nested
  class Validation {

    @Test
    void reminders_atMostFiveOverrides_neverWithUseDefault_emailOrPopup() {
      ObjectNode own = insert(event(""), EventRules.WriteContext.API_DEFAULTS);
      String five = "{'method':'popup','minutes':5},".repeat(5);

      assertReason(
          () ->
              patch(
                  own,
                  "{'reminders':{'useDefault':false,'overrides':["
                      + five
                      + "{'method':'email','minutes':60}]}}"),
          "eventRemindersCountExceedsLimit");
      assertReason(
          () ->
              patch(
                  own,
                  "{'reminders':{'useDefault':true,'overrides':[{'method':'popup','minutes':5}]}}"),
          "cannotUseDefaultRemindersAndSpecifyOverride");
      assertReason(
          () ->
              patch(
                  own,
                  "{'reminders':{'useDefault':false,'overrides':[{'method':'sms','minutes':5}]}}"),
          "invalid");
      assertReason(
          () ->
              patch(
                  own,
                  "{'reminders':{'useDefault':false,'overrides':[{'method':'popup','minutes':40321}]}}"),
          "invalid");
      assertThatCode(
              () ->
                  patch(
                      own,
                      "{'reminders':{'useDefault':false,'overrides':["
                          + five.substring(0, five.length() - 1)
                          + "]}}"))
          .doesNotThrowAnyException();
    }

    @Test
    void aPatchMergesReminders_soUseDefaultAloneMeetsTheStoredOverrides() {
      ObjectNode own =
          insert(
              event(
                  "'reminders':{'useDefault':false,'overrides':[{'method':'popup','minutes':5}]}"),
              EventRules.WriteContext.API_DEFAULTS);

      assertReason(
          () -> patch(own, "{'reminders':{'useDefault':true}}"),
          "cannotUseDefaultRemindersAndSpecifyOverride");
      assertThatCode(() -> patch(own, "{'reminders':{'useDefault':true,'overrides':[]}}"))
          .doesNotThrowAnyException();
    }

    @Test
    void colorIds_areOneToEleven_andEnumsAreChecked() {
      ObjectNode own = insert(event(""), EventRules.WriteContext.API_DEFAULTS);

      assertThatCode(() -> patch(own, "{'colorId':'11'}")).doesNotThrowAnyException();
      assertReason(() -> patch(own, "{'colorId':'12'}"), "invalid");
      assertReason(() -> patch(own, "{'colorId':'0'}"), "invalid");
      assertReason(() -> patch(own, "{'visibility':'secret'}"), "invalid");
      assertReason(() -> patch(own, "{'transparency':'cloudy'}"), "invalid");
    }
  }

  @Nested
  class GatedFields {

    static final String MEET =
        "'conferenceData':{'conferenceId':'abc-defg-hij','conferenceSolution':{'key':{'type':'hangoutsMeet'}},"
            + "'entryPoints':[{'entryPointType':'video','uri':'https://meet.google.com/abc-defg-hij'},"
            + "{'entryPointType':'phone','uri':'tel:+1-555-0100'}]}";

    static final EventRules.WriteContext VERSION_1 =
        new EventRules.WriteContext(1, false, null, false);

    @Test
    void conferenceDataVersion0_ignoresTheBody_andKeepsWhatIsStored() {
      ObjectNode withoutSupport = insert(event(MEET), EventRules.WriteContext.API_DEFAULTS);
      ObjectNode withMeet = insert(event(MEET), VERSION_1);

      ObjectNode replaced = write(event(""), withMeet, EventRules.WriteContext.API_DEFAULTS);
      ObjectNode patched = patch(withMeet, "{'conferenceData':null}");

      assertThat(withoutSupport.has("conferenceData")).isFalse();
      assertThat(withoutSupport.has("hangoutLink")).isFalse();
      assertThat(replaced.get("conferenceData")).isEqualTo(withMeet.get("conferenceData"));
      assertThat(replaced.path("hangoutLink").asText())
          .isEqualTo("https://meet.google.com/abc-defg-hij");
      assertThat(patched.get("conferenceData")).isEqualTo(withMeet.get("conferenceData"));
    }

    @Test
    void conferenceDataVersion1_copiesTheBody_soAnUpdateWithoutItRemovesIt() {
      ObjectNode withMeet = insert(event(MEET), VERSION_1);

      ObjectNode replaced = write(event(""), withMeet, VERSION_1);

      assertThat(replaced.has("conferenceData")).isFalse();
      assertThat(replaced.has("hangoutLink")).isFalse();
    }

    @Test
    void aCreateRequest_makesAMeetConference_once() {
      ObjectNode created =
          insert(
              event(
                  "'conferenceData':{'createRequest':{'requestId':'r1','conferenceSolutionKey':{'type':'hangoutsMeet'}}}"),
              VERSION_1);
      JsonNode conference = created.get("conferenceData");

      assertThat(conference.path("createRequest").path("status").path("statusCode").asText())
          .isEqualTo("success");
      assertThat(created.path("hangoutLink").asText())
          .matches("https://meet\\.google\\.com/[a-z]{3}-[a-z]{4}-[a-z]{3}")
          .isEqualTo(conference.path("entryPoints").get(0).path("uri").asText());
      ObjectNode again =
          write(
              EventRules.merge(
                  created.deepCopy(),
                  json("{'conferenceData':{'createRequest':{'requestId':'r1'}}}")),
              created,
              VERSION_1);
      assertThat(again.get("conferenceData")).isEqualTo(conference);
    }

    @Test
    void thirdPartyConferences_haveNoHangoutLink_andIncompleteDataIsInvalid() {
      ObjectNode addOn =
          insert(
              event(
                  "'conferenceData':{'conferenceSolution':{'key':{'type':'addOn'}},"
                      + "'entryPoints':[{'entryPointType':'video','uri':'https://zoom.example/j/1'}]}"),
              VERSION_1);

      assertThat(addOn.has("hangoutLink")).isFalse();
      assertReason(
          () -> insert(event("'conferenceData':{'conferenceSolution':{}}"), VERSION_1), "invalid");
    }

    @Test
    void attachments_needSupportsAttachments_andAtMost25() {
      String one = "{'fileUrl':'https://drive.google.com/open?id=1','title':'agenda'}";
      EventRules.WriteContext supports = new EventRules.WriteContext(0, true, null, false);

      ObjectNode ignored =
          insert(event("'attachments':[" + one + "]"), EventRules.WriteContext.API_DEFAULTS);
      ObjectNode attached = insert(event("'attachments':[" + one + "]"), supports);
      ObjectNode kept = write(event(""), attached, EventRules.WriteContext.API_DEFAULTS);

      assertThat(ignored.has("attachments")).isFalse();
      assertThat(kept.get("attachments")).isEqualTo(attached.get("attachments"));
      assertReason(
          () -> insert(event("'attachments':[" + (one + ",").repeat(25) + one + "]"), supports),
          "invalid");
    }
  }

  @Test
  void aRemindersOnlyChange_keepsUpdated_butNotTheEtag() {
    ObjectNode own = insert(event(""), EventRules.WriteContext.API_DEFAULTS);

    ObjectNode reminded =
        patch(
            own,
            "{'reminders':{'useDefault':false,'overrides':[{'method':'email','minutes':30}]}}");
    ObjectNode described = patch(own, "{'description':'d'}");

    assertThat(reminded.get("updated")).isEqualTo(own.get("updated"));
    assertThat(reminded.get("etag")).isNotEqualTo(own.get("etag"));
    assertThat(described.get("updated")).isNotEqualTo(own.get("updated"));
  }

  @Test
  void changedFields_namesWhatAWriteChanged() {
    ObjectNode own = insert(event(""), EventRules.WriteContext.API_DEFAULTS);

    assertThat(EventRules.changedFields(own, patch(own, "{'summary':'b','location':'x'}")))
        .containsExactly("location", "summary");
    assertThat(EventRules.changedFields(null, own)).contains("summary", "start", "organizer");
  }
}
