package io.calsync.orchestrator.googletocrm;

import io.calsync.contracts.calendar.UpsertEvent;
import io.calsync.contracts.task.TaskCommand;
import io.calsync.orchestrator.history.HistoryOutcome;
import io.calsync.orchestrator.merge.SyncFields;
import io.calsync.orchestrator.merge.ThreeWayMerge;
import java.util.List;

/**
 * The outcome of {@link EventChangeDecider}: what to do with the link, which commands to send, and
 * how the decision shows in the history and metrics.
 *
 * @param outcome {@code IGNORED} (no history, a metric only), {@code SKIPPED} (history says why),
 *     {@code COMMAND_SENT} or {@code COMPLETED} (the link changed, nothing to send)
 * @param taskId nullable: the task the event is (or will be) linked to
 * @param newBase nullable: the fields both sides now hold; null keeps the base
 * @param taskCommand nullable
 * @param calendarCommand nullable
 */
record EventDecision(
    HistoryOutcome outcome,
    EventReason reason,
    String taskId,
    LinkChange linkChange,
    SyncFields newBase,
    TaskCommand taskCommand,
    UpsertEvent calendarCommand,
    List<ThreeWayMerge.Override> overrides) {

  /** What happens to the link of the event. */
  enum LinkChange {
    NONE,
    /** The link remembers this event version (etag, {@code updated}, snapshot). */
    SEEN,
    /** A new {@code PENDING} link to the task being created. */
    PENDING,
    /** A new {@code ACTIVE} link to an existing task the event names. */
    REBUILD,
    /** A new {@code DELETED} (by the event) link, so the event never becomes a task. */
    TOMBSTONE,
    /** The existing link becomes {@code DELETED} by the event. */
    UNLINK
  }

  static EventDecision ignored(EventReason reason, String taskId, LinkChange change) {
    return new EventDecision(
        HistoryOutcome.IGNORED, reason, taskId, change, null, null, null, List.of());
  }

  static EventDecision skipped(EventReason reason, String taskId, LinkChange change) {
    return new EventDecision(
        HistoryOutcome.SKIPPED, reason, taskId, change, null, null, null, List.of());
  }
}
