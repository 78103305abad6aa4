package io.calsync.orchestrator.guard;

import io.calsync.orchestrator.history.HistoryEntry.Direction;
import java.util.UUID;

/**
 * A deletion the guard took over from a handler: what the handler would have sent, and what caused
 * it, so that applying it later runs the handler's own code with the same inputs.
 *
 * @param direction {@code CRM_TO_GOOGLE}: a {@code DeleteEvent} for a task deleted or unscheduled
 *     in the CRM; {@code GOOGLE_TO_CRM}: an {@code UnlinkTaskFromEvent} for an event deleted in
 *     Google
 * @param command the command to send, contract JSON
 * @param snapshot the task snapshot ({@link SnapshotKind#TASK}, {@link SnapshotKind#TASK_DELETED})
 *     or the cancelled {@code EventChanged} ({@link SnapshotKind#EVENT}), contract JSON
 * @param reasonCode the decision's reason, as the handler records it in the history
 * @param causationId {@code ce_id} of the message that caused the deletion
 */
public record HeldDeletion(
    UUID id,
    String userId,
    Direction direction,
    String taskId,
    String eventId,
    String command,
    String snapshot,
    SnapshotKind snapshotKind,
    String reasonCode,
    String causationId) {

  /** What {@link #snapshot} holds. */
  public enum SnapshotKind {
    TASK,
    TASK_DELETED,
    EVENT
  }

  /** States of a held deletion ({@code held_deletion.state}). */
  enum State {
    PENDING,
    HELD,
    APPLIED,
    KEPT,
    DROPPED
  }
}
