package io.calsync.task.tasks;

/** The caller's expected version (its {@code If-Match}) is not the task's current version. */
public class VersionMismatchException extends RuntimeException {

  private final long currentVersion;

  public VersionMismatchException(long expectedVersion, long currentVersion) {
    super("expected version " + expectedVersion + " but the task is at version " + currentVersion);
    this.currentVersion = currentVersion;
  }

  public long currentVersion() {
    return currentVersion;
  }
}
