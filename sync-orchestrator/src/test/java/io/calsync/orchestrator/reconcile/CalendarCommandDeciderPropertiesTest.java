package io.calsync.orchestrator.reconcile;

import static io.calsync.orchestrator.fixture.ConnectionMother.OWNER_EMAIL;
import static org.assertj.core.api.Assertions.assertThat;

import io.calsync.contracts.calendar.SendUpdates;
import io.calsync.contracts.calendar.UpsertEvent;
import io.calsync.contracts.connection.CompletedTaskPolicy;
import io.calsync.contracts.connection.DateOnlyTaskPolicy;
import io.calsync.contracts.connection.SyncMode;
import io.calsync.contracts.connection.SyncSettings;
import io.calsync.contracts.task.TaskEvent;
import io.calsync.orchestrator.connection.ConnectionStatus;
import io.calsync.orchestrator.connection.UserConnection;
import io.calsync.orchestrator.fixture.ConnectionMother;
import io.calsync.orchestrator.fixture.TaskEventMother;
import io.calsync.orchestrator.link.LinkState;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Properties of the CRM → Google decision over random tasks, zones, dates and settings. */
class CalendarCommandDeciderPropertiesTest {

  @Property
  void aTimedEventLastsExactlyTheDefaultDuration_inAnyZoneOnAnyDate(
      @ForAll("timedTasks") TaskEvent task, @ForAll @IntRange(min = 1, max = 1440) int minutes) {
    UserConnection user = ConnectionMother.connected(task.userId(), settings(minutes));

    UpsertEvent upsert = upsert(task, user);

    assertThat(Duration.between(upsert.start().dateTime(), upsert.end().dateTime()))
        .isEqualTo(Duration.ofMinutes(minutes));
    assertThat(upsert.start().timeZone()).isEqualTo(task.timeZone());
    ZoneId zone = ZoneId.of(task.timeZone());
    var localStart = upsert.start().dateTime().atZoneSameInstant(zone).toLocalDateTime();
    // The due time itself, unless it does not exist that day (DST gap): then moved later.
    assertThat(localStart).isAfterOrEqualTo(task.dueDate().atTime(task.dueTime()));
    if (zone.getRules()
        .isValidOffset(
            task.dueDate().atTime(task.dueTime()), upsert.start().dateTime().getOffset())) {
      assertThat(localStart).isEqualTo(task.dueDate().atTime(task.dueTime()));
    }
  }

  @Property
  void everyUpsertCarriesTheTaskIdAndAValidDeterministicEventId(
      @ForAll("timedTasks") TaskEvent task, @ForAll("emails") String assignee) {
    TaskEvent assigned =
        new TaskEventMother.Task()
            .of(task.userId())
            .dueOn(task.dueDate())
            .at(task.dueTime().getHour(), task.dueTime().getMinute())
            .in(task.timeZone())
            .assignedTo(assignee)
            .created();
    UserConnection user = ConnectionMother.connected(assigned.userId());

    UpsertEvent upsert = upsert(assigned, user);

    assertThat(upsert.privateExtendedProperties())
        .containsEntry(UpsertEvent.TASK_ID_PROPERTY, assigned.taskId());
    assertThat(upsert.eventId())
        .matches("[a-v0-9]{5,1024}")
        .isEqualTo(EventIds.of(assigned.userId(), assigned.taskId()));
    assertThat(upsert.attendees()).noneMatch(email -> email.equalsIgnoreCase(OWNER_EMAIL));
    assertThat(upsert).isEqualTo(upsert(assigned, user));
  }

  @Property
  void sendsNoCommand_whenTheUserDoesNotWriteToGoogle(
      @ForAll("timedTasks") TaskEvent task,
      @ForAll SyncMode mode,
      @ForAll ConnectionStatus status,
      @ForAll boolean linked) {
    UserConnection user =
        new UserConnection(task.userId(), status, OWNER_EMAIL, ConnectionMother.settings(mode));
    LinkState link = linked ? new LinkState(OWNER_EMAIL, "cslinked", "\"1\"", true) : null;

    Decision decision = CalendarCommandDecider.decide(task, user, link, "message-1");

    assertThat(decision.command() == null).isEqualTo(!user.writesToGoogle());
  }

  @Provide
  Arbitrary<TaskEvent> timedTasks() {
    Arbitrary<LocalDate> dates =
        Arbitraries.integers()
            .between(0, 365 * 15)
            .map(days -> LocalDate.of(2020, 1, 1).plusDays(days));
    Arbitrary<LocalTime> times =
        Combinators.combine(
                Arbitraries.integers().between(0, 23), Arbitraries.integers().between(0, 59))
            .as(LocalTime::of);
    Arbitrary<String> zones =
        Arbitraries.of(
            "Europe/Berlin",
            "America/New_York",
            "America/St_Johns",
            "Australia/Adelaide",
            "Australia/Lord_Howe",
            "Pacific/Chatham",
            "Asia/Kolkata",
            "America/Santiago",
            "UTC");
    return Combinators.combine(dates, times, zones)
        .as(
            (date, time, zone) ->
                new TaskEventMother.Task()
                    .dueOn(date)
                    .at(time.getHour(), time.getMinute())
                    .in(zone)
                    .created());
  }

  @Provide
  Arbitrary<String> emails() {
    return Arbitraries.oneOf(
        Arbitraries.of(OWNER_EMAIL, OWNER_EMAIL.toUpperCase(), " " + OWNER_EMAIL + " "),
        Arbitraries.strings()
            .alpha()
            .ofMinLength(1)
            .ofMaxLength(12)
            .map(name -> name + "@example.org"));
  }

  private static UpsertEvent upsert(TaskEvent task, UserConnection user) {
    Decision decision = CalendarCommandDecider.decide(task, user, null, "message-1");
    assertThat(decision).isInstanceOf(Decision.Upsert.class);
    return ((Decision.Upsert) decision).command();
  }

  private static SyncSettings settings(int minutes) {
    return new SyncSettings(
        SyncMode.TWO_WAY,
        CompletedTaskPolicy.MARK_EVENT,
        DateOnlyTaskPolicy.SKIP,
        minutes,
        null,
        SendUpdates.NONE);
  }
}
