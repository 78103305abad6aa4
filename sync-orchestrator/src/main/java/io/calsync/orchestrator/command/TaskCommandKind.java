package io.calsync.orchestrator.command;

import io.calsync.contracts.task.CreateTaskFromEvent;
import io.calsync.contracts.task.TaskCommand;
import io.calsync.contracts.task.UnlinkTaskFromEvent;
import io.calsync.contracts.task.UpdateTaskFromEvent;
import io.calsync.orchestrator.history.HistoryAction;

/** The task command a decision sends; the names are stored in {@code task_command.kind}. */
public enum TaskCommandKind {
  CREATE_TASK,
  UPDATE_TASK,
  UNLINK_TASK;

  public static TaskCommandKind of(TaskCommand command) {
    if (command instanceof CreateTaskFromEvent) {
      return CREATE_TASK;
    }
    if (command instanceof UpdateTaskFromEvent) {
      return UPDATE_TASK;
    }
    if (command instanceof UnlinkTaskFromEvent) {
      return UNLINK_TASK;
    }
    throw new IllegalArgumentException("unknown task command " + command.getClass());
  }

  /** The history action of sending a command of this kind. */
  public HistoryAction action() {
    return HistoryAction.valueOf(name());
  }
}
