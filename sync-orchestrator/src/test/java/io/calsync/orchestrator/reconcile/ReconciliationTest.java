package io.calsync.orchestrator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.calsync.contracts.calendar.EventChanged;
import io.calsync.contracts.connection.SyncMode;
import io.calsync.contracts.task.TaskEvent;
import io.calsync.orchestrator.fixture.ConnectionMother;
import io.calsync.orchestrator.fixture.EventChangeMother;
import io.calsync.orchestrator.fixture.TaskEventMother;
import io.calsync.orchestrator.link.Link;
import io.calsync.orchestrator.merge.SyncFields;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

class ReconciliationTest {

  private static final OffsetDateTime DUE = OffsetDateTime.parse("2026-12-01T09:30+01:00");

  private final TaskEventMother.Task task =
      TaskEventMother.dueOnAt(LocalDate.of(2026, 12, 1), 9, 30);
  private final EventChangeMother.Event event =
      EventChangeMother.tomorrowAt(9, 0).of(task.userId).at(DUE);

  ReconciliationTest() {
    task.title = "Dentist";
    task.description = "Bring the insurance card.";
  }

  @Test
  void completingALinkedTask_marksTheEvent_evenThoughNoMergedFieldChanged() {
    TaskEvent completed = task.completed().updated();

    Reconciliation reconciliation = reconcile(completed, event.changed());

    assertThat(reconciliation.inSync()).isFalse();
    assertThat(reconciliation.taskCommand()).isNull();
    assertThat(reconciliation.calendarCommand().summary())
        .isEqualTo(SyncFields.COMPLETED_PREFIX + "Dentist");
  }

  @Test
  void reopeningATask_removesTheMarkFromTheEvent() {
    EventChanged marked = event.titled(SyncFields.COMPLETED_PREFIX + "Dentist").changed();

    Reconciliation reconciliation = reconcile(task.updated(), marked);

    assertThat(reconciliation.inSync()).isFalse();
    assertThat(reconciliation.calendarCommand().summary()).isEqualTo("Dentist");
  }

  @Test
  void aCompletedTaskWithAMarkedEvent_isInSync() {
    EventChanged marked = event.titled(SyncFields.COMPLETED_PREFIX + "Dentist").changed();

    Reconciliation reconciliation = reconcile(task.completed().updated(), marked);

    assertThat(reconciliation.inSync()).isTrue();
    assertThat(reconciliation.calendarCommand()).isNull();
  }

  private Reconciliation reconcile(TaskEvent current, EventChanged seen) {
    Link link =
        Link.rebuilt(
            current.taskId(), seen, SyncFields.ofTask(current, ConnectionMother.OWNER_EMAIL));
    return Reconciliation.of(
        link.base(),
        null,
        current,
        seen,
        link,
        ConnectionMother.connected(current.userId(), ConnectionMother.settings(SyncMode.TWO_WAY)),
        "ce-" + System.nanoTime(),
        true,
        true);
  }
}
