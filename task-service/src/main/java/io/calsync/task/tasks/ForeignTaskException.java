package io.calsync.task.tasks;

import java.util.UUID;

/**
 * A task command names a task of another user than the command's. Never retried: the command is
 * wrong, not the moment. The message does not name the owner.
 */
public class ForeignTaskException extends RuntimeException {

  public ForeignTaskException(UUID taskId) {
    super("task " + taskId + " belongs to another user than the command's");
  }
}
