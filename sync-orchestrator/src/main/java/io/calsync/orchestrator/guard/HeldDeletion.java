package io.calsync.orchestrator.guard;

import io.calsync.contracts.ContractJson;
import io.calsync.contracts.calendar.DeleteEvent;
import io.calsync.contracts.calendar.EventChanged;
import io.calsync.contracts.task.TaskDeleted;
import io.calsync.contracts.task.TaskEvent;
import io.calsync.contracts.task.UnlinkTaskFromEvent;
import io.calsync.orchestrator.history.HistoryEntry.Direction;
import java.nio.charset.StandardCharsets;
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

  /** The deletion of a task's event that {@code task} (deleted or unscheduled) calls for. */
  public static HeldDeletion eventDeletion(
      TaskEvent task, DeleteEvent command, String reasonCode, String causationId) {
    return new HeldDeletion(
        id(causationId, task.taskId()),
        task.userId(),
        Direction.CRM_TO_GOOGLE,
        task.taskId(),
        command.eventId(),
        ContractJson.toJson(command),
        ContractJson.toJson(task),
        task instanceof TaskDeleted ? SnapshotKind.TASK_DELETED : SnapshotKind.TASK,
        reasonCode,
        causationId);
  }

  /** The unlinking of a task whose event {@code cancelled} was deleted in Google. */
  public static HeldDeletion taskUnlink(
      EventChanged cancelled, UnlinkTaskFromEvent command, String reasonCode, String causationId) {
    return new HeldDeletion(
        id(causationId, command.taskId()),
        cancelled.userId(),
        Direction.GOOGLE_TO_CRM,
        command.taskId(),
        cancelled.eventId(),
        ContractJson.toJson(command),
        ContractJson.toJson(cancelled),
        SnapshotKind.EVENT,
        reasonCode,
        causationId);
  }

  private static UUID id(String causationId, String taskId) {
    String name = "calsync-held-deletion\u0000" + causationId + "\u0000" + taskId;
    return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
  }

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
