package io.calsync.contracts.calendar;

import static io.calsync.contracts.ContractViolationException.requiredText;

/**
 * A calendar command could not be applied. The reason is for the sync history and never contains a
 * token.
 *
 * @param commandId the command this answers
 * @param userId owner; the Kafka key
 * @param taskId the task of the command
 * @param eventId the Google event id
 * @param reason human-readable cause, e.g. Google's {@code conditionNotMet}
 * @param retryable whether sending the same command again may succeed (quota, 5xx) or not (412,
 *     revoked access, invalid data)
 */
public record CommandFailed(
    String commandId,
    String userId,
    String taskId,
    String eventId,
    String reason,
    boolean retryable)
    implements CommandResult {

  public CommandFailed {
    requiredText(commandId, "commandId");
    requiredText(userId, "userId");
    requiredText(taskId, "taskId");
    requiredText(eventId, "eventId");
    requiredText(reason, "reason");
  }
}
