package io.calsync.orchestrator.googletocrm;

import static io.calsync.orchestrator.fixture.ConnectionMother.OWNER_EMAIL;
import static org.assertj.core.api.Assertions.assertThat;

import io.calsync.contracts.calendar.EventChanged;
import io.calsync.contracts.calendar.SendUpdates;
import io.calsync.contracts.calendar.UpsertEvent;
import io.calsync.contracts.connection.CompletedTaskPolicy;
import io.calsync.contracts.connection.DateOnlyTaskPolicy;
import io.calsync.contracts.connection.InvitationPolicy;
import io.calsync.contracts.connection.SyncMode;
import io.calsync.contracts.connection.SyncSettings;
import io.calsync.contracts.task.CreateTaskFromEvent;
import io.calsync.contracts.task.TaskEvent;
import io.calsync.contracts.task.UnlinkTaskFromEvent;
import io.calsync.contracts.task.UpdateTaskFromEvent;
import io.calsync.orchestrator.fixture.ConnectionMother;
import io.calsync.orchestrator.fixture.EventChangeMother;
import io.calsync.orchestrator.fixture.TaskEventMother;
import io.calsync.orchestrator.googletocrm.EventDecision.LinkChange;
import io.calsync.orchestrator.history.HistoryOutcome;
import io.calsync.orchestrator.link.Link;
import io.calsync.orchestrator.merge.SyncFields;
import io.calsync.orchestrator.merge.SyncFields.Field;
import io.calsync.orchestrator.merge.ThreeWayMerge;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventChangeDeciderTest {

  private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
  private static final OffsetDateTime FUTURE = OffsetDateTime.parse("2026-12-01T09:30+01:00");

  @Test
  void newFutureEvent_createsATaskWithDeterministicIds_andAPendingLink() {
    EventChanged event =
        EventChangeMother.tomorrowAt(9, 0).at(FUTURE).withAttendee("bob@example.com").changed();

    EventDecision decision = decide(event, null, null, null, SyncMode.TWO_WAY);

    assertThat(decision.linkChange()).isEqualTo(LinkChange.PENDING);
    assertThat(decision.taskId()).isEqualTo(TaskIds.fromEvent(event.userId(), event.eventId()));
    CreateTaskFromEvent create = (CreateTaskFromEvent) decision.taskCommand();
    assertThat(create.commandId())
        .isEqualTo(TaskIds.createCommand(event.userId(), event.eventId()));
    assertThat(create.title()).isEqualTo("Dentist");
    assertThat(create.description()).isEqualTo("Bring the insurance card.");
    assertThat(create.dueDate()).isEqualTo(LocalDate.of(2026, 12, 1));
    assertThat(create.dueTime()).isEqualTo(LocalTime.of(9, 30));
    assertThat(create.timeZone()).isEqualTo("Europe/Berlin");
    assertThat(create.assigneeEmail()).isEqualTo("bob@example.com");
    // A second delivery under another ce_id names the same command and task.
    assertThat(decide(event, null, null, null, SyncMode.GOOGLE_TO_CRM).taskCommand().commandId())
        .isEqualTo(create.commandId());
  }

  @Test
  void allDayEvent_becomesADateOnlyTask() {
    EventChanged event =
        EventChangeMother.tomorrowAt(9, 0).allDayOn(LocalDate.of(2026, 12, 24)).changed();

    CreateTaskFromEvent create =
        (CreateTaskFromEvent) decide(event, null, null, null, SyncMode.TWO_WAY).taskCommand();

    assertThat(create.dueDate()).isEqualTo(LocalDate.of(2026, 12, 24));
    assertThat(create.dueTime()).isNull();
  }

  @Test
  void allDayEvent_takesTheCalendarsTimeZone_notUtc() {
    EventChanged event =
        EventChangeMother.tomorrowAt(9, 0)
            .allDayOn(LocalDate.of(2026, 12, 24))
            .inCalendarZone("America/New_York")
            .changed();

    CreateTaskFromEvent create =
        (CreateTaskFromEvent) decide(event, null, null, null, SyncMode.TWO_WAY).taskCommand();

    assertThat(create.timeZone()).isEqualTo("America/New_York");
  }

  @Test
  void invitationsNotAccepted_doNotBecomeTasks_unlessTheUserWantsThemAll() {
    for (String response : List.of("needsAction", "declined")) {
      EventChanged invitation =
          EventChangeMother.tomorrowAt(9, 0).organisedBy("carol@example.com", response).changed();

      EventDecision decision = decide(invitation, null, null, null, SyncMode.TWO_WAY);

      assertThat(decision.reason()).isEqualTo(EventReason.INVITATION_NOT_ACCEPTED);
      assertThat(decision.taskCommand()).isNull();
      SyncSettings all =
          new SyncSettings(
              SyncMode.TWO_WAY,
              CompletedTaskPolicy.MARK_EVENT,
              DateOnlyTaskPolicy.SKIP,
              30,
              null,
              SendUpdates.NONE,
              null,
              InvitationPolicy.ALL);
      assertThat(
              EventChangeDecider.decide(
                      invitation,
                      null,
                      null,
                      null,
                      ConnectionMother.connected(invitation.userId(), all),
                      NOW,
                      "ce-1",
                      false)
                  .taskCommand())
          .isInstanceOf(CreateTaskFromEvent.class);
    }
    EventChanged accepted =
        EventChangeMother.tomorrowAt(9, 0).organisedBy("carol@example.com", "accepted").changed();
    assertThat(decide(accepted, null, null, null, SyncMode.TWO_WAY).taskCommand())
        .isInstanceOf(CreateTaskFromEvent.class);
  }

  @Test
  void htmlDescriptionsReachTheCrmAsPlainText() {
    EventChanged event =
        EventChangeMother.tomorrowAt(9, 0)
            .described("<p>Agenda</p><ul><li>one</li><li><b>two</b></li></ul>")
            .changed();

    CreateTaskFromEvent create =
        (CreateTaskFromEvent) decide(event, null, null, null, SyncMode.TWO_WAY).taskCommand();

    assertThat(create.description()).isEqualTo("Agenda\none\ntwo");
  }

  @Test
  void skipsPastRecurringForeignCalendarEvents_andModesThatDoNotWriteToTheCrm() {
    EventChangeMother.Event base = EventChangeMother.tomorrowAt(9, 0);
    assertThat(
            decide(
                    base.at(OffsetDateTime.parse("2026-11-27T12:59+01:00")).changed(),
                    null,
                    null,
                    null,
                    SyncMode.TWO_WAY)
                .reason())
        .isEqualTo(EventReason.PAST_EVENT);
    assertThat(
            decide(
                    base.at(FUTURE).recurring("RRULE:FREQ=WEEKLY").changed(),
                    null,
                    null,
                    null,
                    SyncMode.TWO_WAY)
                .reason())
        .isEqualTo(EventReason.RECURRING_SKIPPED);
    EventChanged future = EventChangeMother.tomorrowAt(9, 0).at(FUTURE).changed();
    assertThat(
            decide(
                    EventChangeMother.tomorrowAt(9, 0)
                        .at(FUTURE)
                        .onCalendar("team@group.calendar.google.com")
                        .changed(),
                    null,
                    null,
                    null,
                    SyncMode.TWO_WAY)
                .reason())
        .isEqualTo(EventReason.OTHER_CALENDAR);
    assertThat(decide(future, null, null, null, SyncMode.CRM_TO_GOOGLE).reason())
        .isEqualTo(EventReason.MODE_CRM_TO_GOOGLE);
    assertThat(decide(future, null, null, null, SyncMode.PAUSED).reason())
        .isEqualTo(EventReason.MODE_PAUSED);
    for (EventDecision skip :
        new EventDecision[] {
          decide(future, null, null, null, SyncMode.PAUSED),
          decide(future, null, null, null, SyncMode.CRM_TO_GOOGLE)
        }) {
      assertThat(skip.outcome()).isEqualTo(HistoryOutcome.SKIPPED);
      assertThat(skip.taskCommand()).isNull();
    }
  }

  @Test
  void eventCarryingAKnownTaskId_rebuildsTheLinkInsteadOfCreatingATask() {
    TaskEventMother.Task task = TaskEventMother.dueOnAt(LocalDate.of(2026, 12, 1), 9, 30);
    task.title = "Dentist";
    task.description = "Bring the insurance card.";
    EventChanged event =
        EventChangeMother.tomorrowAt(9, 0)
            .of(task.userId)
            .at(FUTURE)
            .stampedWith(task.taskId)
            .changed();

    EventDecision decision = decide(event, null, null, task.updated(), SyncMode.TWO_WAY);

    assertThat(decision.linkChange()).isEqualTo(LinkChange.REBUILD);
    assertThat(decision.reason()).isEqualTo(EventReason.LINK_REBUILT);
    assertThat(decision.taskId()).isEqualTo(task.taskId);
    assertThat(decision.taskCommand()).isNull();
    assertThat(decision.calendarCommand()).isNull();
  }

  @Test
  void eventCarryingAnUnknownTaskId_isRelinked_notCreated() {
    EventChanged event =
        EventChangeMother.tomorrowAt(9, 0).at(FUTURE).stampedWith("forgotten-task").changed();

    EventDecision decision = decide(event, null, null, null, SyncMode.TWO_WAY);

    assertThat(decision.linkChange()).isEqualTo(LinkChange.REBUILD);
    assertThat(decision.taskId()).isEqualTo("forgotten-task");
    assertThat(decision.taskCommand()).isNull();
  }

  @Test
  void eventOfADeletedTask_isTombstoned_notCreated() {
    TaskEventMother.Task task = TaskEventMother.dueOnAt(LocalDate.of(2026, 12, 1), 9, 30);
    EventChanged event =
        EventChangeMother.tomorrowAt(9, 0)
            .of(task.userId)
            .at(FUTURE)
            .stampedWith(task.taskId)
            .changed();

    EventDecision decision = decide(event, null, null, task.next().deleted(), SyncMode.TWO_WAY);

    assertThat(decision.linkChange()).isEqualTo(LinkChange.TOMBSTONE);
    assertThat(decision.taskCommand()).isNull();
  }

  @Test
  void ownEtag_andUnchangedContent_areEchoes() {
    Fixture f = new Fixture();
    Link link = f.link(f.event.changed());

    EventDecision ownWrite =
        decide(f.event.changed(), link, null, f.task.updated(), SyncMode.TWO_WAY);
    EventDecision sameContent =
        decide(f.event.next(5).changed(), link, null, f.task.updated(), SyncMode.TWO_WAY);

    assertThat(ownWrite.outcome()).isEqualTo(HistoryOutcome.IGNORED);
    assertThat(ownWrite.reason()).isEqualTo(EventReason.OWN_WRITE);
    assertThat(sameContent.outcome()).isEqualTo(HistoryOutcome.IGNORED);
    assertThat(sameContent.reason()).isEqualTo(EventReason.ECHO);
    assertThat(sameContent.taskCommand()).isNull();
    assertThat(sameContent.calendarCommand()).isNull();
  }

  @Test
  void eventOnlyChange_updatesTheTaskExpectingItsVersion() {
    Fixture f = new Fixture();
    Link link = f.link(f.event.changed());

    EventDecision decision =
        decide(
            f.event.next(60).titled("Dentist (moved)").changed(),
            link,
            null,
            f.task.updated(),
            SyncMode.TWO_WAY);

    UpdateTaskFromEvent update = (UpdateTaskFromEvent) decision.taskCommand();
    assertThat(update.title()).isEqualTo("Dentist (moved)");
    assertThat(update.expectedVersion()).isEqualTo(f.task.version);
    assertThat(update.description()).isEqualTo(f.task.description);
    assertThat(decision.calendarCommand()).isNull();
    assertThat(decision.overrides()).isEmpty();
  }

  @Test
  void bothChanged_commandsToBothSides_mostRecentWins_andOverrideRecorded() {
    Fixture f = new Fixture();
    Link link = f.link(f.event.changed());
    // CRM: title at 10:01; Google: title at 10:02 and description.
    f.task.titled("CRM title").next();
    EventChanged event =
        f.event.next(120).titled("Google title").described("Google description").changed();
    TaskEvent crmNewer = f.task.updated();

    EventDecision decision = decide(event, link, null, crmNewer, SyncMode.TWO_WAY);

    UpdateTaskFromEvent update = (UpdateTaskFromEvent) decision.taskCommand();
    assertThat(update.title()).isEqualTo("Google title");
    assertThat(update.description()).isEqualTo("Google description");
    assertThat(decision.calendarCommand()).isNull();
    assertThat(decision.overrides())
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.field()).isEqualTo(Field.TITLE);
              assertThat(o.winner()).isEqualTo(ThreeWayMerge.Side.GOOGLE);
            });
  }

  @Test
  void differentFieldsOnEachSide_areBothKept_withACommandToEachSide() {
    Fixture f = new Fixture();
    Link link = f.link(f.event.changed());
    f.task.titled("CRM title").next();
    EventChanged event = f.event.next(10).described("Google description").changed();

    EventDecision decision = decide(event, link, null, f.task.updated(), SyncMode.TWO_WAY);

    UpdateTaskFromEvent update = (UpdateTaskFromEvent) decision.taskCommand();
    assertThat(update.title()).isEqualTo("CRM title");
    assertThat(update.description()).isEqualTo("Google description");
    UpsertEvent upsert = decision.calendarCommand();
    assertThat(upsert.summary()).isEqualTo("CRM title");
    assertThat(upsert.description()).isEqualTo("Google description");
    assertThat(upsert.expectedEtag()).isEqualTo(event.etag());
    assertThat(decision.overrides()).isEmpty();
  }

  @Test
  void cancellation_unlinksTheTask_andTombstonesTheLink_evenAfterATaskEdit() {
    Fixture f = new Fixture();
    Link link = f.link(f.event.changed());
    f.task.titled("edited meanwhile").next();

    EventDecision decision =
        decide(f.event.cancelled(), link, null, f.task.updated(), SyncMode.TWO_WAY);

    assertThat(decision.linkChange()).isEqualTo(LinkChange.UNLINK);
    UnlinkTaskFromEvent unlink = (UnlinkTaskFromEvent) decision.taskCommand();
    assertThat(unlink.reason()).isEqualTo(UnlinkTaskFromEvent.EVENT_DELETED);
    assertThat(unlink.taskId()).isEqualTo(f.task.taskId);
  }

  @Test
  void aTombstoneIsNeverRevived_andADeletedTaskWinsOverAnEventEdit() {
    Fixture f = new Fixture();
    Link tombstone = Link.tombstone(f.task.taskId, f.event.cancelled());

    assertThat(
            decide(
                    f.event.next(5).titled("x").changed(),
                    tombstone,
                    null,
                    f.task.updated(),
                    SyncMode.TWO_WAY)
                .reason())
        .isEqualTo(EventReason.TOMBSTONE);
    Link link = f.link(f.event.changed());
    EventDecision afterDelete =
        decide(
            f.event.next(5).titled("y").changed(),
            link,
            null,
            f.task.next().deleted(),
            SyncMode.TWO_WAY);
    assertThat(afterDelete.reason()).isEqualTo(EventReason.TASK_DELETED);
    assertThat(afterDelete.taskCommand()).isNull();
  }

  @Test
  void whileOurWriteIsInFlight_anEventChangeIsOnlyRemembered_butACancellationActsAtOnce() {
    Fixture f = new Fixture();
    Link link = f.link(f.event.changed());
    EventChanged edited = f.event.next(60).titled("edited").changed();
    TaskEvent task = f.task.updated();

    EventDecision waiting =
        EventChangeDecider.decide(
            edited, link, null, task, ConnectionMother.connected(task.userId()), NOW, "ce-1", true);
    EventDecision cancelled =
        EventChangeDecider.decide(
            f.event.cancelled(),
            link,
            null,
            task,
            ConnectionMother.connected(task.userId()),
            NOW,
            "ce-2",
            true);

    assertThat(waiting.reason()).isEqualTo(EventReason.WRITE_IN_FLIGHT);
    assertThat(waiting.linkChange()).isEqualTo(LinkChange.SEEN);
    assertThat(waiting.taskCommand()).isNull();
    assertThat(cancelled.taskCommand()).isInstanceOf(UnlinkTaskFromEvent.class);
  }

  @Test
  void cancellationOfAnUnknownEvent_leavesATombstone() {
    EventChangeMother.Event event = EventChangeMother.tomorrowAt(9, 0);

    EventDecision decision = decide(event.cancelled(), null, null, null, SyncMode.TWO_WAY);

    assertThat(decision.linkChange()).isEqualTo(LinkChange.TOMBSTONE);
    assertThat(decision.outcome()).isEqualTo(HistoryOutcome.IGNORED);
  }

  /** A linked task and event that agree. */
  private static final class Fixture {
    final TaskEventMother.Task task = TaskEventMother.dueOnAt(LocalDate.of(2026, 12, 1), 9, 30);
    final EventChangeMother.Event event;

    Fixture() {
      task.title = "Dentist";
      task.description = "Bring the insurance card.";
      event = EventChangeMother.tomorrowAt(9, 0).of(task.userId).at(FUTURE);
    }

    Link link(EventChanged seen) {
      return Link.rebuilt(task.taskId, seen, SyncFields.ofTask(task.updated(), OWNER_EMAIL));
    }
  }

  private static EventDecision decide(
      EventChanged event, Link link, Link taskLink, TaskEvent task, SyncMode mode) {
    return EventChangeDecider.decide(
        event,
        link,
        taskLink,
        task,
        ConnectionMother.connected(event.userId(), ConnectionMother.settings(mode)),
        NOW,
        "ce-" + System.nanoTime(),
        false);
  }
}
