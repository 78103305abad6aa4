package io.calsync.task.api;

/** A replace without {@code If-Match}: answered 428, as lost updates are never acceptable. */
class PreconditionRequiredException extends RuntimeException {

  PreconditionRequiredException() {
    super("If-Match with the task's ETag is required");
  }
}
