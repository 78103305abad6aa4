package io.calsync.orchestrator.reconcile;

import static io.calsync.orchestrator.fixture.ConnectionMother.OWNER_EMAIL;
import static io.calsync.orchestrator.fixture.ConnectionMother.connected;
import static io.calsync.orchestrator.fixture.TaskEventMother.dueOnAt;
import static io.calsync.orchestrator.fixture.TaskEventMother.dueTomorrowAt;
import static org.assertj.core.api.Assertions.assertThat;

import io.calsync.contracts.calendar.DeleteEvent;
import io.calsync.contracts.calendar.EventChanged;
import io.calsync.contracts.calendar.EventField;
import io.calsync.contracts.calendar.EventTime;
import io.calsync.contracts.calendar.SendUpdates;
import io.calsync.contracts.calendar.UpsertEvent;
import io.calsync.contracts.connection.CompletedTaskPolicy;
import io.calsync.contracts.connection.DateOnlyTaskPolicy;
import io.calsync.contracts.connection.GoogleEventDeletionPolicy;
import io.calsync.contracts.connection.SyncMode;
import io.calsync.contracts.connection.SyncSettings;
import io.calsync.contracts.task.EventTaskIds;
import io.calsync.contracts.task.TaskEvent;
import io.calsync.orchestrator.command.CommandIds;
import io.calsync.orchestrator.command.CommandKind;
import io.calsync.orchestrator.connection.ConnectionStatus;
import io.calsync.orchestrator.connection.UserConnection;
import io.calsync.orchestrator.fixture.ConnectionMother;
import io.calsync.orchestrator.fixture.EventChangeMother;
import io.calsync.orchestrator.fixture.TaskEventMother;
import io.calsync.orchestrator.link.LinkState;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CalendarCommandDeciderTest {

  private static final String MESSAGE_ID = "0f8e6f2e-7d0b-4f7a-9a3e-5b1c2d3e4f50";
  private static final LocalDate WINTER_DAY = LocalDate.of(2026, 12, 1);

  private static Decision decide(TaskEvent task, UserConnection connection, LinkState link) {
    return CalendarCommandDecider.decide(task, connection, link, MESSAGE_ID);
  }

  private static LinkState activeLink(TaskEvent task, String etag) {
    return new LinkState(OWNER_EMAIL, EventIds.of(task.userId(), task.taskId()), etag, true);
  }

  private static LinkState inactiveLink(TaskEvent task) {
    return new LinkState(OWNER_EMAIL, EventIds.of(task.userId(), task.taskId()), null, false);
  }

  private static UpsertEvent upsertOf(Decision decision) {
    assertThat(decision).isInstanceOf(Decision.Upsert.class);
    return ((Decision.Upsert) decision).command();
  }

  private static DeleteEvent deleteOf(Decision decision) {
    assertThat(decision).isInstanceOf(Decision.Delete.class);
    return ((Decision.Delete) decision).command();
  }

  @Nested
  class WhenSyncDoesNotWriteToGoogle {

    @Test
    void skips_whenUserNeverConnected() {
      TaskEvent task = dueTomorrowAt(9, 30).created();

      assertThat(decide(task, null, null))
          .isEqualTo(new Decision.Skip(DecisionReason.NOT_CONNECTED));
    }

    @ParameterizedTest
    @EnumSource(
        value = ConnectionStatus.class,
        names = {"REVOKED", "LOST", "DISCONNECTED"})
    void skips_whenConnectionIsNotUsable(ConnectionStatus status) {
      TaskEvent task = dueTomorrowAt(9, 30).created();

      assertThat(decide(task, ConnectionMother.withStatus(task.userId(), status), null))
          .isEqualTo(new Decision.Skip(DecisionReason.NOT_CONNECTED));
    }

    @Test
    void skips_inModeGoogleToCrm_evenForADeletedLinkedTask() {
      TaskEvent task = dueTomorrowAt(9, 30).deleted();
      UserConnection user =
          connected(task.userId(), ConnectionMother.settings(SyncMode.GOOGLE_TO_CRM));

      assertThat(decide(task, user, activeLink(task, "\"1\"")))
          .isEqualTo(new Decision.Skip(DecisionReason.MODE_GOOGLE_TO_CRM));
    }

    @Test
    void skips_whenPaused() {
      TaskEvent task = dueTomorrowAt(9, 30).created();
      UserConnection user = connected(task.userId(), ConnectionMother.settings(SyncMode.PAUSED));

      assertThat(decide(task, user, null)).isEqualTo(new Decision.Skip(DecisionReason.MODE_PAUSED));
    }

    @ParameterizedTest
    @EnumSource(
        value = SyncMode.class,
        names = {"TWO_WAY", "CRM_TO_GOOGLE"})
    void upserts_inModesThatWriteToGoogle(SyncMode mode) {
      TaskEvent task = dueTomorrowAt(9, 30).created();

      assertThat(decide(task, connected(task.userId(), ConnectionMother.settings(mode)), null))
          .isInstanceOf(Decision.Upsert.class);
    }
  }

  @Nested
  class TimedTask {

    @Test
    void mapsTitleDescriptionAndTime_intoANewEventOfThePrimaryCalendar() {
      TaskEvent task = dueOnAt(WINTER_DAY, 9, 30).created();

      Decision decision = decide(task, connected(task.userId()), null);

      assertThat(decision.reason()).isEqualTo(DecisionReason.TASK_SCHEDULED);
      UpsertEvent upsert = upsertOf(decision);
      assertThat(upsert.userId()).isEqualTo(task.userId());
      assertThat(upsert.taskId()).isEqualTo(task.taskId());
      assertThat(upsert.calendarId()).isEqualTo(OWNER_EMAIL);
      assertThat(upsert.eventId()).isEqualTo(EventIds.of(task.userId(), task.taskId()));
      assertThat(upsert.expectedEtag()).isNull();
      assertThat(upsert.summary()).isEqualTo(task.title());
      assertThat(upsert.description()).isEqualTo(task.description());
      assertThat(upsert.start())
          .isEqualTo(
              EventTime.ofDateTime(
                  OffsetDateTime.parse("2026-12-01T09:30:00+01:00"), "Europe/Berlin"));
      assertThat(upsert.end())
          .isEqualTo(
              EventTime.ofDateTime(
                  OffsetDateTime.parse("2026-12-01T10:00:00+01:00"), "Europe/Berlin"));
      assertThat(upsert.attendees()).isEmpty();
      assertThat(upsert.sendUpdates()).isEqualTo(SendUpdates.NONE);
      assertThat(upsert.privateExtendedProperties())
          .isEqualTo(Map.of(UpsertEvent.TASK_ID_PROPERTY, task.taskId()));
    }

    @Test
    void usesTheTasksTimeZone_withItsSummerOffset() {
      TaskEvent task = dueOnAt(LocalDate.of(2026, 7, 15), 14, 0).in("America/New_York").created();

      UpsertEvent upsert = upsertOf(decide(task, connected(task.userId()), null));

      assertThat(upsert.start().dateTime())
          .isEqualTo(OffsetDateTime.parse("2026-07-15T14:00-04:00"));
      assertThat(upsert.start().timeZone()).isEqualTo("America/New_York");
      assertThat(upsert.end().dateTime()).isEqualTo(OffsetDateTime.parse("2026-07-15T14:30-04:00"));
    }

    @Test
    void endsAfterTheUsersDefaultDuration() {
      TaskEvent task = dueOnAt(WINTER_DAY, 16, 45).created();
      UserConnection user =
          connected(
              task.userId(),
              ConnectionMother.with(
                  SyncMode.TWO_WAY,
                  CompletedTaskPolicy.MARK_EVENT,
                  DateOnlyTaskPolicy.SKIP,
                  90,
                  SendUpdates.NONE));

      UpsertEvent upsert = upsertOf(decide(task, user, null));

      assertThat(upsert.end().dateTime()).isEqualTo(OffsetDateTime.parse("2026-12-01T18:15+01:00"));
    }

    @Test
    void keepsTheDurationExact_acrossTheSpringForwardChange() {
      // Berlin: 2026-03-29 02:00 CET becomes 03:00 CEST.
      TaskEvent task = dueOnAt(LocalDate.of(2026, 3, 29), 1, 45).created();

      UpsertEvent upsert = upsertOf(decide(task, connected(task.userId()), null));

      assertThat(upsert.start().dateTime())
          .isEqualTo(OffsetDateTime.parse("2026-03-29T01:45+01:00"));
      assertThat(upsert.end().dateTime()).isEqualTo(OffsetDateTime.parse("2026-03-29T03:15+02:00"));
    }

    @Test
    void movesATimeInsideTheSpringForwardGap_pastTheGap() {
      TaskEvent task = dueOnAt(LocalDate.of(2026, 3, 29), 2, 30).created();

      UpsertEvent upsert = upsertOf(decide(task, connected(task.userId()), null));

      assertThat(upsert.start().dateTime())
          .isEqualTo(OffsetDateTime.parse("2026-03-29T03:30+02:00"));
      assertThat(upsert.end().dateTime()).isEqualTo(OffsetDateTime.parse("2026-03-29T04:00+02:00"));
    }

    @Test
    void takesTheEarlierOffset_forATimeThatOccursTwiceInAutumn() {
      // Berlin: 2026-10-25 03:00 CEST becomes 02:00 CET, so 02:30 happens twice.
      TaskEvent task = dueOnAt(LocalDate.of(2026, 10, 25), 2, 30).created();

      UpsertEvent upsert = upsertOf(decide(task, connected(task.userId()), null));

      assertThat(upsert.start().dateTime())
          .isEqualTo(OffsetDateTime.parse("2026-10-25T02:30+02:00"));
      // Thirty real minutes later the clocks already went back.
      assertThat(upsert.end().dateTime()).isEqualTo(OffsetDateTime.parse("2026-10-25T02:00+01:00"));
    }

    @Test
    void updatesTheLinkedEvent_conditionallyOnTheLinksEtag() {
      TaskEvent task = dueOnAt(WINTER_DAY, 9, 30).next().updated();
      LinkState link = new LinkState("team@example.com", "cslinkedevent", "\"etag-7\"", true);

      UpsertEvent upsert = upsertOf(decide(task, connected(task.userId()), link));

      assertThat(upsert.calendarId()).isEqualTo("team@example.com");
      assertThat(upsert.eventId()).isEqualTo("cslinkedevent");
      assertThat(upsert.expectedEtag()).isEqualTo("\"etag-7\"");
    }

    @Test
    void recreatesARemovedEvent_unconditionallyUnderTheSameId() {
      TaskEvent task = dueOnAt(WINTER_DAY, 9, 30).next().updated();

      UpsertEvent upsert = upsertOf(decide(task, connected(task.userId()), inactiveLink(task)));

      assertThat(upsert.eventId()).isEqualTo(EventIds.of(task.userId(), task.taskId()));
      assertThat(upsert.expectedEtag()).isNull();
    }

    @Test
    void writesToPrimary_whileTheAccountAddressIsUnknown() {
      TaskEvent task = dueOnAt(WINTER_DAY, 9, 30).created();
      UserConnection user =
          new UserConnection(
              task.userId(),
              ConnectionStatus.CONNECTED,
              null,
              ConnectionMother.settings(SyncMode.TWO_WAY));

      assertThat(upsertOf(decide(task, user, null)).calendarId()).isEqualTo("primary");
    }
  }

  @Nested
  class Attendees {

    @Test
    void addsTheAssignee_whenItIsNotTheOwner() {
      TaskEvent task = dueTomorrowAt(9, 30).assignedTo("bob@example.com").created();

      assertThat(upsertOf(decide(task, connected(task.userId()), null)).attendees())
          .containsExactly("bob@example.com");
    }

    @Test
    void addsNoAttendee_whenTheOwnerIsTheAssignee() {
      TaskEvent task = dueTomorrowAt(9, 30).assignedTo("Owner@Example.com").created();

      assertThat(upsertOf(decide(task, connected(task.userId()), null)).attendees()).isEmpty();
    }

    @Test
    void sendsInvitationsOnlyAsTheUserChose() {
      TaskEvent task = dueTomorrowAt(9, 30).assignedTo("bob@example.com").created();
      UserConnection user =
          connected(
              task.userId(),
              ConnectionMother.with(
                  SyncMode.TWO_WAY,
                  CompletedTaskPolicy.MARK_EVENT,
                  DateOnlyTaskPolicy.SKIP,
                  30,
                  SendUpdates.EXTERNAL_ONLY));

      assertThat(upsertOf(decide(task, user, null)).sendUpdates())
          .isEqualTo(SendUpdates.EXTERNAL_ONLY);
    }
  }

  @Nested
  class DateOnlyTask {

    @Test
    void skips_underPolicySkip() {
      TaskEvent task = dueTomorrowAt(9, 30).dateOnly().created();

      assertThat(decide(task, connected(task.userId()), null))
          .isEqualTo(new Decision.Skip(DecisionReason.DATE_ONLY_SKIPPED));
    }

    @Test
    void removesTheEvent_underPolicySkip_whenTheTaskLostItsTime() {
      TaskEvent task = dueTomorrowAt(9, 30).dateOnly().next().updated();

      Decision decision = decide(task, connected(task.userId()), activeLink(task, "\"2\""));

      assertThat(decision.reason()).isEqualTo(DecisionReason.DATE_ONLY_SKIPPED);
      assertThat(deleteOf(decision).eventId()).isEqualTo(EventIds.of(task.userId(), task.taskId()));
    }

    @Test
    void becomesAnAllDayEvent_underPolicyAllDay() {
      TaskEvent task = dueOnAt(WINTER_DAY, 9, 30).dateOnly().created();
      UserConnection user =
          connected(
              task.userId(),
              ConnectionMother.with(
                  SyncMode.TWO_WAY,
                  CompletedTaskPolicy.MARK_EVENT,
                  DateOnlyTaskPolicy.ALL_DAY_EVENT,
                  30,
                  SendUpdates.NONE));

      Decision decision = decide(task, user, null);

      assertThat(decision.reason()).isEqualTo(DecisionReason.TASK_ALL_DAY);
      UpsertEvent upsert = upsertOf(decision);
      assertThat(upsert.start()).isEqualTo(EventTime.ofDate(WINTER_DAY));
      assertThat(upsert.end()).isEqualTo(EventTime.ofDate(WINTER_DAY.plusDays(1)));
    }
  }

  @Nested
  class Removal {

    @Test
    void deletesTheLinkedEvent_whenTheTaskIsDeleted() {
      TaskEvent task = dueTomorrowAt(9, 30).next().deleted();

      Decision decision = decide(task, connected(task.userId()), activeLink(task, "\"3\""));

      assertThat(decision.reason()).isEqualTo(DecisionReason.TASK_DELETED);
      DeleteEvent delete = deleteOf(decision);
      assertThat(delete.userId()).isEqualTo(task.userId());
      assertThat(delete.taskId()).isEqualTo(task.taskId());
      assertThat(delete.calendarId()).isEqualTo(OWNER_EMAIL);
      assertThat(delete.eventId()).isEqualTo(EventIds.of(task.userId(), task.taskId()));
      assertThat(delete.expectedEtag()).isNull();
    }

    @Test
    void sendsNothing_whenADeletedTaskHadNoEvent() {
      TaskEvent task = dueTomorrowAt(9, 30).next().deleted();

      assertThat(decide(task, connected(task.userId()), null))
          .isEqualTo(new Decision.Skip(DecisionReason.TASK_DELETED_NOT_LINKED));
      assertThat(decide(task, connected(task.userId()), inactiveLink(task)))
          .isEqualTo(new Decision.Skip(DecisionReason.TASK_DELETED_NOT_LINKED));
    }

    @Test
    void deletesTheLinkedEvent_whenTheDueDateIsCleared() {
      TaskEvent task = dueTomorrowAt(9, 30).withoutDueDate().next().updated();

      Decision decision = decide(task, connected(task.userId()), activeLink(task, "\"3\""));

      assertThat(decision.reason()).isEqualTo(DecisionReason.DUE_DATE_CLEARED);
      assertThat(deleteOf(decision).taskId()).isEqualTo(task.taskId());
    }

    @Test
    void sendsNothing_forATaskWithoutDueDateAndEvent() {
      TaskEvent task = dueTomorrowAt(9, 30).withoutDueDate().created();

      assertThat(decide(task, connected(task.userId()), null))
          .isEqualTo(new Decision.Skip(DecisionReason.NO_DUE_DATE));
    }
  }

  @Nested
  class CompletedTask {

    @Test
    void marksTheSummary_underPolicyMarkEvent() {
      TaskEvent task = dueTomorrowAt(9, 30).titled("Send invoice").completed().created();

      Decision decision = decide(task, connected(task.userId()), null);

      assertThat(decision.reason()).isEqualTo(DecisionReason.TASK_COMPLETED_MARKED);
      assertThat(upsertOf(decision).summary()).isEqualTo("✔ Send invoice");
    }

    @Test
    void deletesTheLinkedEvent_underPolicyDeleteEvent() {
      TaskEvent task = dueTomorrowAt(9, 30).completed().next().updated();
      UserConnection user = deletingCompleted(task.userId());

      Decision decision = decide(task, user, activeLink(task, "\"4\""));

      assertThat(decision.reason()).isEqualTo(DecisionReason.TASK_COMPLETED_DELETED);
      assertThat(deleteOf(decision).taskId()).isEqualTo(task.taskId());
    }

    @Test
    void sendsNothing_underPolicyDeleteEvent_whenThereIsNoEvent() {
      TaskEvent task = dueTomorrowAt(9, 30).completed().created();

      assertThat(decide(task, deletingCompleted(task.userId()), null))
          .isEqualTo(new Decision.Skip(DecisionReason.TASK_COMPLETED_NOT_LINKED));
    }

    private UserConnection deletingCompleted(String userId) {
      return connected(
          userId,
          ConnectionMother.with(
              SyncMode.TWO_WAY,
              CompletedTaskPolicy.DELETE_EVENT,
              DateOnlyTaskPolicy.SKIP,
              30,
              SendUpdates.NONE));
    }
  }

  @Nested
  class CommandIdentity {

    @Test
    void derivesTheSameCommandId_fromTheSameMessage() {
      TaskEvent task = dueTomorrowAt(9, 30).created();
      UserConnection user = connected(task.userId());

      assertThat(upsertOf(decide(task, user, null)).commandId())
          .isEqualTo(upsertOf(decide(task, user, null)).commandId())
          .isEqualTo(CommandIds.of(MESSAGE_ID, task.taskId(), CommandKind.UPSERT_EVENT));
    }

    @Test
    void derivesDistinctCommandIds_fromDistinctMessagesTasksAndKinds() {
      List<String> ids =
          List.of(
              CommandIds.of("m1", "t1", CommandKind.UPSERT_EVENT),
              CommandIds.of("m2", "t1", CommandKind.UPSERT_EVENT),
              CommandIds.of("m1", "t2", CommandKind.UPSERT_EVENT),
              CommandIds.of("m1", "t1", CommandKind.DELETE_EVENT));

      assertThat(ids).doesNotHaveDuplicates();
    }
  }

  /** A link to an event CalSync did not create (a task made from it) or knows the version of. */
  private static LinkState linkTo(EventChanged event, String taskId) {
    return new LinkState(OWNER_EMAIL, event.eventId(), event.etag(), true).withEvent(event);
  }

  /** The task CalSync created from {@code event}, with the event's fields. */
  private static TaskEventMother.Task taskFrom(EventChangeMother.Event event) {
    TaskEventMother.Task task =
        dueOnAt(WINTER_DAY, 14, 0).of(event.userId).titled(event.summary).next();
    task.taskId = EventTaskIds.fromEvent(event.userId, event.eventId);
    task.description = event.description;
    return task;
  }

  @Nested
  class EventsCalSyncDidNotCreate {

    private final EventChangeMother.Event meeting =
        EventChangeMother.startingAt(WINTER_DAY.atTime(14, 0).atZone(ZoneId.of("Europe/Berlin")))
            .lasting(120)
            .withAttendee("guest1@example.com")
            .withAttendee("guest2@example.com");

    @Test
    void neverWritesSomeoneElsesMeeting_notEvenAfterAnEditOrCompletion() {
      EventChangeMother.Event invitation =
          EventChangeMother.tomorrowAt(10, 0).organisedBy("carol@example.com", "accepted");
      TaskEventMother.Task task = taskFrom(invitation).titled("My own title");
      LinkState link = linkTo(invitation.changed(), task.taskId);
      UserConnection user =
          connected(
              task.userId,
              ConnectionMother.with(
                  SyncMode.TWO_WAY,
                  CompletedTaskPolicy.DELETE_EVENT,
                  DateOnlyTaskPolicy.SKIP,
                  30,
                  SendUpdates.NONE));

      assertThat(decide(task.updated(), user, link))
          .isEqualTo(new Decision.Skip(DecisionReason.NOT_ORGANIZER));
      assertThat(decide(task.completed().updated(), user, link))
          .isEqualTo(new Decision.Skip(DecisionReason.NOT_ORGANIZER));
      assertThat(decide(task.deleted(), user, link))
          .isEqualTo(new Decision.Skip(DecisionReason.NOT_ORGANIZER));
    }

    @Test
    void keepsTheGoogleEvent_whenItsTaskIsDeleted_byDefault() {
      TaskEventMother.Task task = taskFrom(meeting);

      assertThat(
              decide(
                  task.deleted(), connected(task.userId), linkTo(meeting.changed(), task.taskId)))
          .isEqualTo(new Decision.Skip(DecisionReason.GOOGLE_EVENT_KEPT));
    }

    @Test
    void deletesTheGoogleEvent_whenItsTaskIsDeleted_andTheUserAllowsIt() {
      TaskEventMother.Task task = taskFrom(meeting);
      SyncSettings allow =
          new SyncSettings(
              SyncMode.TWO_WAY,
              CompletedTaskPolicy.MARK_EVENT,
              DateOnlyTaskPolicy.SKIP,
              30,
              null,
              SendUpdates.NONE,
              GoogleEventDeletionPolicy.DELETE_EVENT,
              null);

      DeleteEvent delete =
          deleteOf(
              decide(
                  task.deleted(),
                  connected(task.userId, allow),
                  linkTo(meeting.changed(), task.taskId)));

      assertThat(delete.eventId()).isEqualTo(meeting.eventId);
    }

    @Test
    void noCrmPolicyDeletesAGoogleEvent() {
      TaskEventMother.Task task = taskFrom(meeting);
      LinkState link = linkTo(meeting.changed(), task.taskId);
      UserConnection deleteOnCompletion =
          connected(
              task.userId,
              ConnectionMother.with(
                  SyncMode.TWO_WAY,
                  CompletedTaskPolicy.DELETE_EVENT,
                  DateOnlyTaskPolicy.SKIP,
                  30,
                  SendUpdates.NONE));

      assertThat(decide(task.completed().updated(), deleteOnCompletion, link))
          .isEqualTo(new Decision.Skip(DecisionReason.GOOGLE_EVENT_COMPLETED_KEPT));
      assertThat(decide(taskFrom(meeting).withoutDueDate().updated(), deleteOnCompletion, link))
          .isEqualTo(new Decision.Skip(DecisionReason.GOOGLE_EVENT_DUE_DATE_CLEARED));
    }

    @Test
    void anAllDayEventFromGoogle_staysAllDay_underTheSkipPolicy_andOnlyItsTitleIsWritten() {
      EventChangeMother.Event offsite =
          EventChangeMother.tomorrowAt(9, 0).titled("Ofsite day").allDayOn(WINTER_DAY);
      offsite.end = EventTime.ofDate(WINTER_DAY.plusDays(2));
      TaskEventMother.Task task =
          taskFrom(offsite).dueOn(WINTER_DAY).dateOnly().titled("Offsite day");

      Decision decision =
          decide(task.updated(), connected(task.userId), linkTo(offsite.changed(), task.taskId));

      assertThat(decision.reason()).isEqualTo(DecisionReason.GOOGLE_ALL_DAY);
      UpsertEvent upsert = upsertOf(decision);
      assertThat(upsert.fields()).containsExactly(EventField.SUMMARY);
      assertThat(upsert.start()).isEqualTo(EventTime.ofDate(WINTER_DAY));
      assertThat(upsert.end())
          .as("the two-day span")
          .isEqualTo(EventTime.ofDate(WINTER_DAY.plusDays(2)));
      assertThat(upsert.expectedEtag()).isEqualTo(offsite.etag());
    }
  }

  @Nested
  class PatchOfAKnownEvent {

    private final EventChangeMother.Event meeting =
        EventChangeMother.startingAt(WINTER_DAY.atTime(14, 0).atZone(ZoneId.of("Europe/Berlin")))
            .titled("Call Acme about the renewal")
            .described("<p>Ask for the <b>signed</b> quote.</p>")
            .lasting(120)
            .withAttendee("guest1@example.com")
            .withAttendee("guest2@example.com");

    private TaskEventMother.Task task() {
      TaskEventMother.Task task = taskFrom(meeting);
      task.description = "Ask for the signed quote.";
      return task.assignedTo("guest1@example.com");
    }

    @Test
    void writesOnlyTheTitle_whenOnlyTheTitleChanged() {
      TaskEventMother.Task task = task().titled("Call ACME about the renewal");

      UpsertEvent upsert =
          upsertOf(
              decide(
                  task.updated(), connected(task.userId), linkTo(meeting.changed(), task.taskId)));

      assertThat(upsert.fields()).containsExactly(EventField.SUMMARY);
      assertThat(upsert.summary()).isEqualTo("Call ACME about the renewal");
      assertThat(upsert.description())
          .as("the event's own HTML, carried as it is and not written")
          .isEqualTo(meeting.description);
      assertThat(upsert.end()).isEqualTo(meeting.end);
    }

    @Test
    void movingTheTask_movesTheEvent_andKeepsItsLength() {
      TaskEventMother.Task task = task().at(16, 30);

      UpsertEvent upsert =
          upsertOf(
              decide(
                  task.updated(), connected(task.userId), linkTo(meeting.changed(), task.taskId)));

      assertThat(upsert.fields()).containsExactly(EventField.TIME);
      assertThat(upsert.start().dateTime())
          .isEqualTo(OffsetDateTime.parse("2026-12-01T16:30+01:00"));
      assertThat(upsert.end().dateTime())
          .as("two hours, not the default 30 minutes")
          .isEqualTo(OffsetDateTime.parse("2026-12-01T18:30+01:00"));
    }

    @Test
    void changingTheAssignee_writesOnlyTheAssignee() {
      TaskEventMother.Task task = task().assignedTo("dave@example.com");

      UpsertEvent upsert =
          upsertOf(
              decide(
                  task.updated(), connected(task.userId), linkTo(meeting.changed(), task.taskId)));

      assertThat(upsert.fields()).containsExactly(EventField.ASSIGNEE);
      assertThat(upsert.attendees()).containsExactly("dave@example.com");
    }

    @Test
    void aNewEvent_getsEveryField_andTheDefaultDuration() {
      TaskEvent task = dueOnAt(WINTER_DAY, 9, 30).created();

      UpsertEvent upsert = upsertOf(decide(task, connected(task.userId()), null));

      assertThat(upsert.fields()).isNull();
      assertThat(upsert.end().dateTime()).isEqualTo(OffsetDateTime.parse("2026-12-01T10:00+01:00"));
    }

    @Test
    void aTaskDescriptionWithMarkup_isWrittenEscaped() {
      TaskEvent task = dueOnAt(WINTER_DAY, 9, 30).created();
      TaskEventMother.Task withMarkup = dueOnAt(WINTER_DAY, 9, 30);
      withMarkup.description = "a <b> & c";

      UpsertEvent upsert = upsertOf(decide(withMarkup.created(), connected(task.userId()), null));

      assertThat(upsert.description()).isEqualTo("a &lt;b&gt; &amp; c");
    }
  }
}
