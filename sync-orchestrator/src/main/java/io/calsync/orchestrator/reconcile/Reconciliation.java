package io.calsync.orchestrator.reconcile;

import io.calsync.contracts.calendar.EventChanged;
import io.calsync.contracts.calendar.UpsertEvent;
import io.calsync.contracts.connection.CompletedTaskPolicy;
import io.calsync.contracts.task.TaskEvent;
import io.calsync.contracts.task.TaskStatus;
import io.calsync.contracts.task.TaskUpdated;
import io.calsync.contracts.task.UpdateTaskFromEvent;
import io.calsync.orchestrator.command.CommandIds;
import io.calsync.orchestrator.command.TaskCommandKind;
import io.calsync.orchestrator.connection.UserConnection;
import io.calsync.orchestrator.link.Link;
import io.calsync.orchestrator.link.LinkState;
import io.calsync.orchestrator.merge.SyncFields;
import io.calsync.orchestrator.merge.SyncFields.Field;
import io.calsync.orchestrator.merge.ThreeWayMerge;
import java.time.Instant;
import java.util.Objects;

/**
 * A linked task and event merged against the link's base, and the commands that bring each side to
 * the merged values (docs/google-to-crm.md). Pure; used for event changes and task changes alike.
 *
 * @param taskFields the task's fields
 * @param eventFields the event's fields, its start in the task's time zone
 * @param merge the merged fields and the conflicts decided
 * @param taskCommand nullable: sets the task to the merged values, expecting the task's version
 * @param calendarCommand nullable: sets the event to the merged values, {@code If-Match} its etag
 * @param completionMarkStale whether the event's completed mark ({@code ✔ } summary prefix under
 *     the {@code MARK_EVENT} policy) disagrees with the task's status, which {@link SyncFields}
 *     leaves out of the comparison on purpose (the mark is not part of the title)
 */
public record Reconciliation(
    SyncFields taskFields,
    SyncFields eventFields,
    ThreeWayMerge.Result merge,
    UpdateTaskFromEvent taskCommand,
    UpsertEvent calendarCommand,
    boolean completionMarkStale) {

  /** Both sides already hold the same values: nothing to send, the base can move. */
  public boolean inSync() {
    return taskFields.equals(eventFields) && !completionMarkStale;
  }

  /**
   * @param base nullable: the fields both sides last agreed on
   * @param taskChangedAt nullable: when a CRM user last changed the task ({@code updatedAt} when
   *     unknown)
   * @param writeTask whether the user's mode lets Google changes reach the CRM
   * @param writeEvent whether the user's mode lets CRM changes reach Google
   */
  public static Reconciliation of(
      SyncFields base,
      Instant taskChangedAt,
      TaskEvent task,
      EventChanged event,
      Link link,
      UserConnection connection,
      String messageId,
      boolean writeTask,
      boolean writeEvent) {
    String owner = connection == null ? null : connection.googleAccountEmail();
    SyncFields taskFields = SyncFields.ofTask(task, owner);
    SyncFields eventFields = SyncFields.ofEvent(event, task.timeZone(), owner);
    ThreeWayMerge.Result merge =
        ThreeWayMerge.merge(
            base,
            taskFields,
            taskChangedAt == null ? task.updatedAt() : taskChangedAt,
            eventFields,
            event.updated());
    SyncFields merged = merge.merged();
    // Someone else's meeting is never written, whatever the mode.
    writeEvent = writeEvent && event.organisedByOwner();
    boolean markStale = writeEvent && completionMarkStale(task, event, connection);
    if (taskFields.equals(eventFields) && !markStale) {
      return new Reconciliation(taskFields, eventFields, merge, null, null, false);
    }
    TaskUpdated mergedTask = mergedTask(task, taskFields, merged);
    UpdateTaskFromEvent taskCommand =
        writeTask && !merged.equals(taskFields)
            ? new UpdateTaskFromEvent(
                CommandIds.ofTaskCommand(messageId, task.taskId(), TaskCommandKind.UPDATE_TASK),
                task.userId(),
                task.taskId(),
                link.calendarId(),
                link.eventId(),
                task.version(),
                mergedTask.title(),
                mergedTask.description(),
                mergedTask.dueDate(),
                mergedTask.dueTime(),
                mergedTask.timeZone(),
                mergedTask.assigneeEmail())
            : null;
    UpsertEvent calendarCommand = null;
    if (writeEvent && (!merged.equals(eventFields) || markStale)) {
      // The CRM → Google mapping of the merged task (policies, zones, attendees), conditional on
      // the event version just merged.
      Decision decision =
          CalendarCommandDecider.decide(
              mergedTask,
              connection,
              new LinkState(link.calendarId(), link.eventId(), event.etag(), true).withEvent(event),
              messageId);
      if (decision instanceof Decision.Upsert upsert) {
        calendarCommand = upsert.command();
      }
    }
    return new Reconciliation(
        taskFields, eventFields, merge, taskCommand, calendarCommand, markStale);
  }

  /**
   * Under {@code MARK_EVENT} a completed task's event carries the mark, an open task's does not.
   * Only the task side decides completion (Google has no such state), so a stale mark is always
   * corrected on the event. Under {@code DELETE_EVENT} a completed task's event is removed instead,
   * or, when it was created in Google, left as it is: no mark is expected then.
   */
  static boolean completionMarkStale(
      TaskEvent task, EventChanged event, UserConnection connection) {
    boolean marked =
        event.summary() != null && event.summary().startsWith(SyncFields.COMPLETED_PREFIX);
    boolean markExpected =
        task.status() == TaskStatus.COMPLETED
            && (connection == null
                || connection.settings().completedTaskPolicy() == CompletedTaskPolicy.MARK_EVENT);
    return marked != markExpected;
  }

  /** The task with the merged fields; a field the merge left alone keeps the task's raw value. */
  static TaskUpdated mergedTask(TaskEvent task, SyncFields taskFields, SyncFields merged) {
    boolean title = same(taskFields, merged, Field.TITLE);
    boolean description = same(taskFields, merged, Field.DESCRIPTION);
    boolean due = same(taskFields, merged, Field.DUE);
    boolean assignee = same(taskFields, merged, Field.ASSIGNEE);
    return new TaskUpdated(
        task.taskId(),
        task.userId(),
        title ? task.title() : merged.title(),
        description ? task.description() : merged.description(),
        due ? task.dueDate() : merged.dueDate(),
        due ? task.dueTime() : merged.dueTime(),
        task.timeZone(),
        assignee ? task.assigneeEmail() : merged.assignee(),
        task.status(),
        task.version(),
        task.updatedAt(),
        task.origin(),
        task.causationId());
  }

  private static boolean same(SyncFields a, SyncFields b, Field field) {
    return Objects.equals(a.value(field), b.value(field));
  }
}
