package io.calsync.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.calsync.contracts.calendar.EventChanged;
import io.calsync.contracts.calendar.EventStatus;
import io.calsync.contracts.calendar.EventTime;
import io.calsync.contracts.calendar.SendUpdates;
import io.calsync.contracts.calendar.SyncKind;
import io.calsync.contracts.calendar.UpsertEvent;
import io.calsync.contracts.connection.CompletedTaskPolicy;
import io.calsync.contracts.connection.DateOnlyTaskPolicy;
import io.calsync.contracts.connection.SyncMode;
import io.calsync.contracts.connection.SyncSettings;
import io.calsync.contracts.task.Origins;
import io.calsync.contracts.task.TaskStatus;
import io.calsync.contracts.task.TaskUpdated;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContractRecordsTest {

  @Test
  void taskEventRejectsMissingRequiredFields_namingThem() {
    assertThatThrownBy(() -> task(null, 1, LocalDate.of(2026, 3, 2), null, "Europe/Berlin"))
        .isInstanceOf(ContractViolationException.class)
        .hasMessage("missing required field `title`");
    assertThatThrownBy(() -> task("t", 1, LocalDate.of(2026, 3, 2), null, " "))
        .hasMessage("missing required field `timeZone`");
  }

  @Test
  void taskEventRejectsAnUnknownTimeZone_aVersionBelowOne_andATimeWithoutDate() {
    assertThatThrownBy(() -> task("t", 1, null, null, "Mars/Olympus"))
        .hasMessageContaining("`timeZone`");
    assertThatThrownBy(() -> task("t", 0, null, null, "UTC")).hasMessageContaining("`version`");
    assertThatThrownBy(() -> task("t", 1, null, LocalTime.NOON, "UTC"))
        .hasMessageContaining("`dueTime` requires `dueDate`");
  }

  @Test
  void eventTimeHoldsExactlyOneOfDateAndDateTime() {
    assertThatThrownBy(() -> new EventTime(null, null, null))
        .isInstanceOf(ContractViolationException.class)
        .hasMessageContaining("exactly one of fields `date` and `dateTime`");
    assertThatThrownBy(
            () ->
                new EventTime(
                    LocalDate.of(2026, 3, 2), OffsetDateTime.parse("2026-03-02T09:00:00Z"), null))
        .isInstanceOf(ContractViolationException.class);
  }

  @Test
  void cancelledEventChangedNeedsOnlyTheIds() {
    EventChanged cancelled = EventChanged.cancelled("u1", "primary", "e1", SyncKind.INCREMENTAL);

    assertThat(cancelled.status()).isEqualTo(EventStatus.CANCELLED);
    assertThat(cancelled.calsyncTaskId()).isNull();
    assertThatThrownBy(() -> EventChanged.cancelled("u1", "primary", null, SyncKind.FULL))
        .hasMessage("missing required field `eventId`");
  }

  @Test
  void upsertEventMustCarryItsTaskIdAsPrivateProperty_andDefaultsToNoInvitationMails() {
    EventTime start = EventTime.ofDate(LocalDate.of(2026, 3, 5));
    EventTime end = EventTime.ofDate(LocalDate.of(2026, 3, 6));

    assertThatThrownBy(
            () ->
                new UpsertEvent(
                    "c1", "u1", "t1", "primary", "e1aaaa", null, null, "s", null, start, end,
                    List.of(), Map.of()))
        .hasMessageContaining("calsyncTaskId");
    UpsertEvent upsert =
        new UpsertEvent(
            "c1",
            "u1",
            "t1",
            "primary",
            "e1aaaa",
            null,
            null,
            "s",
            null,
            start,
            end,
            List.of(),
            Map.of(UpsertEvent.TASK_ID_PROPERTY, "t1"));
    assertThat(upsert.sendUpdates()).isEqualTo(SendUpdates.NONE);
  }

  @Test
  void defaultSettingsAreTwoWay_thirtyMinutes_noInvitationMails() {
    assertThat(SyncSettings.defaults())
        .isEqualTo(
            new SyncSettings(
                SyncMode.TWO_WAY,
                CompletedTaskPolicy.MARK_EVENT,
                DateOnlyTaskPolicy.SKIP,
                30,
                null,
                SendUpdates.NONE));
    assertThatThrownBy(
            () ->
                new SyncSettings(
                    SyncMode.TWO_WAY,
                    CompletedTaskPolicy.MARK_EVENT,
                    DateOnlyTaskPolicy.SKIP,
                    0,
                    null,
                    SendUpdates.NONE))
        .hasMessageContaining("`defaultEventDurationMinutes`");
  }

  @Test
  void collectionsInRecordsAreImmutableCopies() {
    ArrayList<String> attendees = new ArrayList<>(List.of("a@example.com"));
    EventChanged event =
        new EventChanged(
            "u1",
            "primary",
            "e1",
            null,
            null,
            EventStatus.CONFIRMED,
            null,
            null,
            null,
            null,
            attendees,
            null,
            null,
            null,
            null);
    attendees.add("b@example.com");

    assertThat(event.attendees()).containsExactly("a@example.com");
  }

  private static TaskUpdated task(
      String title, long version, LocalDate dueDate, LocalTime dueTime, String zone) {
    return new TaskUpdated(
        "t1",
        "u1",
        title,
        null,
        dueDate,
        dueTime,
        zone,
        null,
        TaskStatus.OPEN,
        version,
        Instant.parse("2026-03-01T08:00:00Z"),
        Origins.CRM,
        null);
  }
}
