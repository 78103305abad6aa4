package io.calsync.e2e;

import static io.calsync.e2e.EventMother.START_DATE;
import static io.calsync.e2e.TestUser.SYNCED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * CalSync never damages what it does not own (docs/crm-to-google.md, "What CalSync writes" and
 * "Events CalSync did not create"), through the four services as processes: the two everyday
 * actions that used to destroy data in a user's calendar, and someone else's meeting.
 */
class DataSafetyIT {

  private static CalSyncSystem system;

  @BeforeAll
  static void startSystem() {
    system = CalSyncSystem.get();
  }

  /**
   * Scenario 1 of the issue: a two-hour meeting with a room, two guests, a Meet link, a popup
   * reminder and a colour becomes a task; fixing a typo in the task's title changes the event's
   * title and nothing else.
   */
  @Test
  void aTitleFixInTheCrm_changesOnlyTheMeetingsTitle_andKeepsItsTwoHours() {
    TestUser user = TestUser.connected(system, "mona");
    ZonedDateTime start =
        LocalDateTime.of(START_DATE, LocalTime.of(14, 0)).atZone(ZoneId.of(EventMother.ZONE));
    ObjectNode meeting = EventMother.at("Quartely review with Initech", start);
    meeting.set("end", EventMother.dateTime(start.plusHours(2)));
    meeting.put("description", "<p>Agenda: <b>numbers</b>, renewal</p>");
    meeting.put("location", "Room 4.01, Main office");
    meeting.put("colorId", "5");
    ArrayNode attendees = meeting.putArray("attendees");
    attendees.addObject().put("email", "peter@initech.example").put("responseStatus", "accepted");
    attendees.addObject().put("email", "samir@initech.example").put("responseStatus", "tentative");
    meeting
        .putObject("reminders")
        .put("useDefault", false)
        .putArray("overrides")
        .addObject()
        .put("method", "popup")
        .put("minutes", 15);
    ObjectNode conference = meeting.putObject("conferenceData");
    conference.put("conferenceId", "abc-defg-hij");
    conference
        .putObject("conferenceSolution")
        .put("name", "Google Meet")
        .putObject("key")
        .put("type", "hangoutsMeet");
    conference
        .putArray("entryPoints")
        .addObject()
        .put("entryPointType", "video")
        .put("uri", "https://meet.google.com/abc-defg-hij")
        .put("label", "meet.google.com/abc-defg-hij");
    meeting.putObject("extendedProperties").putObject("private").put("otherAppId", "crm-42");
    String eventId = user.createEvent(meeting).path("id").asText();
    JsonNode task = user.awaitOneTask("Quartely review with Initech");
    assertThat(task.path("description").asText()).isEqualTo("Agenda: numbers, renewal");
    assertThat(task.path("assigneeEmail").asText()).isEqualTo("peter@initech.example");
    ObjectNode before = system.google().control().event(user.account(), eventId);

    Map<String, Object> fixed = edit(task);
    fixed.put("title", "Quarterly review with Initech");
    user.replaceTask(task.path("id").asText(), fixed);

    ObjectNode after = user.awaitOneLiveEvent("Quarterly review with Initech");
    assertThat(withoutMappedAndServerFields(after))
        .as("every field CalSync does not own, compared whole")
        .isEqualTo(withoutMappedAndServerFields(before));
    assertThat(after.path("description")).isEqualTo(before.path("description"));
    assertThat(after.path("attendees")).isEqualTo(before.path("attendees"));
    assertThat(after.path("hangoutLink").asText())
        .isEqualTo("https://meet.google.com/abc-defg-hij");
    assertThat(instant(after.path("end")))
        .as("the meeting keeps its two hours")
        .isEqualTo(start.plusHours(2).toOffsetDateTime().toInstant());
    assertThat(system.google().control().apiWrites(user.account(), eventId))
        .singleElement()
        .satisfies(write -> assertThat(write.method()).isEqualTo("patch"));
    assertThat(system.google().control().writes(user.account(), eventId))
        .allSatisfy(write -> assertThat(write.notificationsSent()).isZero());

    // Moving the task moves the meeting and keeps its length.
    Map<String, Object> moved = edit(user.task(task.path("id").asText()));
    moved.put("dueTime", "16:30");
    user.replaceTask(task.path("id").asText(), moved);
    await()
        .atMost(SYNCED)
        .untilAsserted(
            () ->
                assertThat(
                        instant(
                            system.google().control().event(user.account(), eventId).path("end")))
                    .isEqualTo(
                        start
                            .withHour(16)
                            .withMinute(30)
                            .plusHours(2)
                            .toOffsetDateTime()
                            .toInstant()));
    ObjectNode movedEvent = system.google().control().event(user.account(), eventId);
    assertThat(withoutMappedAndServerFields(movedEvent))
        .isEqualTo(withoutMappedAndServerFields(before));
  }

  /**
   * Scenario 2 of the issue: an all-day event becomes a date-only task; editing the task's title
   * under the default date-only policy {@code SKIP} keeps the event, all-day and confirmed.
   */
  @Test
  void aTitleEditOfATaskFromAnAllDayEvent_keepsTheEventAllDay_underTheSkipPolicy() {
    TestUser user = TestUser.connected(system, "otto");
    ObjectNode offsite = Api.JSON.createObjectNode().put("summary", "Ofsite day");
    offsite.putObject("start").put("date", START_DATE.toString());
    offsite.putObject("end").put("date", START_DATE.plusDays(2).toString());
    offsite.put("location", "Lake house");
    String eventId = user.createEvent(offsite).path("id").asText();
    JsonNode task = user.awaitOneTask("Ofsite day");
    assertThat(task.path("dueDate").asText()).isEqualTo(START_DATE.toString());
    assertThat(task.has("dueTime") && !task.path("dueTime").isNull()).isFalse();
    ObjectNode before = system.google().control().event(user.account(), eventId);

    Map<String, Object> fixed = edit(task);
    fixed.put("title", "Offsite day");
    user.replaceTask(task.path("id").asText(), fixed);

    ObjectNode after = user.awaitOneLiveEvent("Offsite day");
    assertThat(after.path("id").asText()).isEqualTo(eventId);
    assertThat(after.path("status").asText()).isEqualTo("confirmed");
    assertThat(after.path("start")).isEqualTo(before.path("start"));
    assertThat(after.path("end")).as("all-day, both days").isEqualTo(before.path("end"));
    assertThat(withoutMappedAndServerFields(after)).isEqualTo(withoutMappedAndServerFields(before));
    assertThat(user.historyOfTask(task.path("id").asText()))
        .noneMatch(entry -> "DELETE_EVENT".equals(entry.path("action").asText()));
  }

  /** Someone else's meeting: its task's edits and completion never write to Google. */
  @Test
  void someoneElsesMeeting_isNeverWritten_whateverHappensToItsTask() {
    TestUser user = TestUser.connected(system, "pia");
    ObjectNode invitation =
        EventMother.future("Vendor pitch (organised by Carol)", "Carol's agenda");
    invitation.putObject("organizer").put("email", "carol@vendor.example");
    String eventId = user.createEvent(invitation).path("id").asText();
    // Not answered yet: no task under the default ACCEPTED_ONLY.
    user.awaitPolls(2);
    assertThat(user.tasks()).isEmpty();
    assertThat(user.historyOfEvent(eventId))
        .anySatisfy(
            entry ->
                assertThat(entry.path("detail").path("reasonCode").asText())
                    .isEqualTo("INVITATION_NOT_ACCEPTED"));

    system.google().control().respond(user.account(), eventId, "accepted");
    JsonNode task = user.awaitOneTask("Vendor pitch (organised by Carol)");
    String taskId = task.path("id").asText();
    Map<String, Object> renamed = edit(task);
    renamed.put("title", "Vendor pitch: ask about discounts");
    renamed.put("dueTime", "17:00");
    user.replaceTask(taskId, renamed);
    user.completeTask(taskId);

    await()
        .atMost(SYNCED)
        .untilAsserted(
            () ->
                assertThat(user.historyOfTask(taskId))
                    .filteredOn(
                        entry ->
                            "NOT_ORGANIZER"
                                .equals(entry.path("detail").path("reasonCode").asText()))
                    .hasSizeGreaterThanOrEqualTo(2));
    assertThat(user.historyOfTask(taskId))
        .filteredOn(
            entry -> "NOT_ORGANIZER".equals(entry.path("detail").path("reasonCode").asText()))
        .allSatisfy(
            entry -> {
              assertThat(entry.path("taskTitle").asText())
                  .as("history names the task")
                  .isEqualTo("Vendor pitch: ask about discounts");
              assertThat(entry.path("reason").asText()).contains("organised by someone else");
            });
    user.awaitPolls(1);
    assertThat(system.google().control().apiWrites(user.account(), eventId))
        .as("CalSync's writes to Carol's meeting")
        .isEmpty();
    assertThat(system.google().control().event(user.account(), eventId).path("summary").asText())
        .isEqualTo("Vendor pitch (organised by Carol)");
  }

  /** The task's fields as a CRM user would send them back after loading it. */
  private static Map<String, Object> edit(JsonNode task) {
    Map<String, Object> body = new LinkedHashMap<>();
    for (String field :
        List.of("title", "description", "dueDate", "dueTime", "timeZone", "assigneeEmail")) {
      JsonNode value = task.path(field);
      if (!value.isMissingNode() && !value.isNull()) {
        body.put(field, value.asText());
      }
    }
    return body;
  }

  /**
   * The resource minus what Google changes on every write ({@code etag}, {@code updated}, {@code
   * sequence}) and the fields CalSync maps (summary, start/end) or owns (its private properties).
   * Description and attendees are compared separately where the test leaves them unchanged.
   */
  private static ObjectNode withoutMappedAndServerFields(ObjectNode event) {
    ObjectNode copy = event.deepCopy();
    copy.remove(List.of("etag", "updated", "sequence", "summary", "start", "end"));
    JsonNode properties = copy.path("extendedProperties").path("private");
    if (properties.isObject()) {
      ((ObjectNode) properties)
          .remove(List.of("calsyncTaskId", "calsyncAssignee", "calsyncAddedAttendee"));
      // The container CalSync's own properties live in is CalSync's too.
      if (properties.isEmpty()) {
        ((ObjectNode) copy.path("extendedProperties")).remove("private");
      }
      if (copy.path("extendedProperties").isEmpty()) {
        copy.remove("extendedProperties");
      }
    }
    return copy;
  }

  private static java.time.Instant instant(JsonNode time) {
    return OffsetDateTime.parse(time.path("dateTime").asText()).toInstant();
  }
}
