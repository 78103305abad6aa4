package io.calsync.task.tasks;

import java.util.UUID;

/** No live task with this id belongs to the caller (another user's task is "not found" too). */
public class TaskNotFoundException extends RuntimeException {

  public TaskNotFoundException(UUID id) {
    this(id.toString());
  }

  public TaskNotFoundException(String id) {
    super("task " + id + " not found");
  }
}
