package io.calsync.orchestrator.command;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Command ids derived from the message that caused the command: a crash between sending a command
 * and committing its effect redelivers that message, which then yields the same command id again,
 * so the connector can recognise the resend.
 */
public final class CommandIds {

  private CommandIds() {}

  /**
   * A name-based (version 3) UUID of the causing message's {@code ce_id}, the task (one message may
   * cause commands for many tasks, e.g. on connect) and the kind of command.
   */
  public static String of(String sourceMessageId, String taskId, CommandKind kind) {
    String name = sourceMessageId + "\u0000" + taskId + "\u0000" + kind.name();
    return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
  }

  /** The same for a task command of {@code kind}. */
  public static String ofTaskCommand(String sourceMessageId, String taskId, TaskCommandKind kind) {
    String name = sourceMessageId + "\u0000" + taskId + "\u0000" + kind.name();
    return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
  }
}
