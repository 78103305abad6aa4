package io.calsync.orchestrator.merge;

import static org.assertj.core.api.Assertions.assertThat;

import io.calsync.contracts.calendar.EventChanged;
import io.calsync.contracts.calendar.EventStatus;
import io.calsync.contracts.calendar.EventTime;
import io.calsync.orchestrator.fixture.TaskEventMother;
import io.calsync.orchestrator.merge.SyncFields.Field;
import io.calsync.orchestrator.merge.ThreeWayMerge.Override;
import io.calsync.orchestrator.merge.ThreeWayMerge.Side;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ThreeWayMergeTest {

  private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
  private static final SyncFields BASE =
      new SyncFields(
          "Call Acme", "Ask for the quote.", LocalDate.of(2026, 12, 1), LocalTime.of(9, 30), null);

  @Test
  void keepsEverything_whenNothingChanged() {
    ThreeWayMerge.Result result = ThreeWayMerge.merge(BASE, BASE, T0, BASE, T0.plusSeconds(5));

    assertThat(result.merged()).isEqualTo(BASE);
    assertThat(result.overrides()).isEmpty();
  }

  @Test
  void takesTheTaskValue_whenOnlyTheTaskChanged() {
    SyncFields task = title(BASE, "Call Acme (CRM)");

    ThreeWayMerge.Result result = ThreeWayMerge.merge(BASE, task, T0, BASE, T0.plusSeconds(60));

    assertThat(result.merged().title()).isEqualTo("Call Acme (CRM)");
    assertThat(result.overrides()).isEmpty();
  }

  @Test
  void takesTheEventValue_whenOnlyTheEventChanged_evenIfTheTaskIsNewer() {
    SyncFields event = title(BASE, "Call Acme (Google)");

    ThreeWayMerge.Result result = ThreeWayMerge.merge(BASE, BASE, T0.plusSeconds(60), event, T0);

    assertThat(result.merged().title()).isEqualTo("Call Acme (Google)");
    assertThat(result.overrides()).isEmpty();
  }

  @Test
  void theMostRecentChangeWins_whenBothChangedTheSameField() {
    SyncFields task = title(BASE, "CRM title");
    SyncFields event = title(BASE, "Google title");

    ThreeWayMerge.Result googleLater = ThreeWayMerge.merge(BASE, task, T0, event, T0.plusMillis(1));
    ThreeWayMerge.Result crmLater = ThreeWayMerge.merge(BASE, task, T0.plusMillis(1), event, T0);

    assertThat(googleLater.merged().title()).isEqualTo("Google title");
    assertThat(googleLater.overrides())
        .containsExactly(new Override(Field.TITLE, "CRM title", "Google title", Side.GOOGLE));
    assertThat(crmLater.merged().title()).isEqualTo("CRM title");
    assertThat(crmLater.overrides())
        .containsExactly(new Override(Field.TITLE, "CRM title", "Google title", Side.CRM));
  }

  @Test
  void aTieGoesToTheCrm_asDoesAnEventWithoutUpdated() {
    SyncFields task = title(BASE, "CRM title");
    SyncFields event = title(BASE, "Google title");

    assertThat(ThreeWayMerge.merge(BASE, task, T0, event, T0).merged().title())
        .isEqualTo("CRM title");
    assertThat(ThreeWayMerge.merge(BASE, task, T0, event, null).merged().title())
        .isEqualTo("CRM title");
  }

  @Test
  void keepsBothChanges_whenEachSideChangedAnotherField() {
    SyncFields task = title(BASE, "CRM title");
    SyncFields event =
        new SyncFields(
            BASE.title(),
            "Google description",
            LocalDate.of(2026, 12, 2),
            LocalTime.of(14, 0),
            "bob@example.com");

    ThreeWayMerge.Result result = ThreeWayMerge.merge(BASE, task, T0.plusSeconds(99), event, T0);

    assertThat(result.merged())
        .isEqualTo(
            new SyncFields(
                "CRM title",
                "Google description",
                LocalDate.of(2026, 12, 2),
                LocalTime.of(14, 0),
                "bob@example.com"));
    assertThat(result.overrides()).isEmpty();
  }

  @Test
  void noConflict_whenBothSidesMadeTheSameChange() {
    SyncFields both = title(BASE, "Same");

    ThreeWayMerge.Result result = ThreeWayMerge.merge(BASE, both, T0, both, T0.plusSeconds(1));

    assertThat(result.merged()).isEqualTo(both);
    assertThat(result.overrides()).isEmpty();
  }

  @Test
  void dueDateAndTimeAreOneField_soAMovedStartIsOneChange() {
    SyncFields event = new SyncFields(BASE.title(), BASE.description(), BASE.dueDate(), null, null);
    SyncFields task =
        new SyncFields(
            BASE.title(), BASE.description(), LocalDate.of(2026, 12, 3), LocalTime.of(9, 30), null);

    ThreeWayMerge.Result result = ThreeWayMerge.merge(BASE, task, T0, event, T0.plusSeconds(1));

    assertThat(result.merged().dueDate()).isEqualTo(BASE.dueDate());
    assertThat(result.merged().dueTime()).isNull();
    assertThat(result.overrides()).extracting(Override::field).containsExactly(Field.DUE);
  }

  @Test
  void withoutBase_everyDifferingFieldGoesToTheMostRecentSide() {
    SyncFields task = title(BASE, "CRM title");
    SyncFields event =
        new SyncFields("Google title", "other", BASE.dueDate(), BASE.dueTime(), null);

    ThreeWayMerge.Result result = ThreeWayMerge.merge(null, task, T0, event, T0.plusSeconds(1));

    assertThat(result.merged()).isEqualTo(event);
    assertThat(result.overrides())
        .extracting(Override::field)
        .containsExactly(Field.TITLE, Field.DESCRIPTION);
  }

  @Test
  void eventFields_areReadInTheTaskTimeZone_withoutOwnerOrCompletionMark() {
    EventChanged event =
        new EventChanged(
            "user-1",
            "owner@example.com",
            "ev1",
            "\"e1\"",
            T0,
            EventStatus.CONFIRMED,
            SyncFields.COMPLETED_PREFIX + "Call Acme",
            "  ",
            EventTime.ofDateTime(OffsetDateTime.parse("2026-12-01T08:30Z"), "UTC"),
            EventTime.ofDateTime(OffsetDateTime.parse("2026-12-01T09:00Z"), "UTC"),
            List.of("Owner@Example.com", " Bob@Example.com "),
            null,
            null,
            Map.of(),
            null);

    SyncFields fields = SyncFields.ofEvent(event, "Europe/Berlin", "owner@example.com");

    assertThat(fields)
        .isEqualTo(
            new SyncFields(
                "Call Acme",
                null,
                LocalDate.of(2026, 12, 1),
                LocalTime.of(9, 30),
                "bob@example.com"));
  }

  @Test
  void theOwnerIsNeverTheTasksAssignee() {
    assertThat(
            SyncFields.ofTask(
                    TaskEventMother.dueTomorrowAt(9, 0).assignedTo("OWNER@example.com").updated(),
                    "owner@example.com")
                .assignee())
        .isNull();
  }

  private static SyncFields title(SyncFields fields, String title) {
    return new SyncFields(
        title, fields.description(), fields.dueDate(), fields.dueTime(), fields.assignee());
  }
}
