package io.calsync.orchestrator.sync;

import io.calsync.contracts.ContractJson;
import io.calsync.contracts.Topics;
import io.calsync.contracts.calendar.CommandApplied;
import io.calsync.contracts.calendar.CommandFailed;
import io.calsync.contracts.calendar.CommandResult;
import io.calsync.contracts.calendar.EventChanged;
import io.calsync.contracts.calendar.EventStatus;
import io.calsync.contracts.calendar.UpsertEvent;
import io.calsync.orchestrator.history.HistoryEntry;
import io.calsync.orchestrator.history.HistoryEntry.Direction;
import io.calsync.orchestrator.history.SyncHistory;
import io.calsync.orchestrator.sync.CalendarCommandLog.LoggedCommand;
import io.calsync.orchestrator.sync.CalendarCommandLog.Outcome;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Applies {@code calendar.command-results}: an applied upsert gives the link its new etag, {@code
 * updated} and event snapshot (the merge base and, later, the mark of our own write); a failure is
 * recorded in the history, a conflict (412) also in the command log for the merge work.
 */
@Component
class CommandResults {

  private final Inbox inbox;
  private final CalendarCommandLog commandLog;
  private final LinkRepository links;
  private final SyncHistory history;
  private final SyncMetrics metrics;
  private final TransactionalOperator transactional;

  CommandResults(
      Inbox inbox,
      CalendarCommandLog commandLog,
      LinkRepository links,
      SyncHistory history,
      SyncMetrics metrics,
      TransactionalOperator transactional) {
    this.inbox = inbox;
    this.commandLog = commandLog;
    this.links = links;
    this.history = history;
    this.metrics = metrics;
    this.transactional = transactional;
  }

  Mono<Void> onCommandResult(String messageId, CommandResult result) {
    return inbox
        .firstDelivery(messageId, Topics.COMMAND_RESULTS)
        .filter(Boolean::booleanValue)
        .flatMap(
            first ->
                result instanceof CommandApplied applied
                    ? applied(messageId, applied)
                    : failed(messageId, (CommandFailed) result))
        .as(transactional::transactional)
        .doOnNext(metrics::result)
        .then();
  }

  private Mono<String> applied(String messageId, CommandApplied applied) {
    boolean deletion =
        applied.action() == CommandApplied.Action.DELETED
            || applied.action() == CommandApplied.Action.ALREADY_DELETED;
    return logged(applied.commandId(), Outcome.APPLIED, applied.action().name())
        .flatMap(
            command -> {
              Mono<Void> link =
                  deletion
                      ? links.deleteApplied(applied.userId(), applied.taskId())
                      : links.upsertApplied(
                          applied.userId(),
                          applied.taskId(),
                          applied.etag(),
                          applied.updated(),
                          command
                              .map(LoggedCommand::upsert)
                              .map(u -> snapshot(u, applied))
                              .orElse(null));
              Map<String, Object> detail = new HashMap<>();
              detail.put("commandId", applied.commandId());
              detail.put("googleAction", applied.action().name());
              if (applied.etag() != null) {
                detail.put("etag", applied.etag());
              }
              return link.then(
                  history.record(
                      new HistoryEntry(
                          applied.userId(),
                          Direction.CRM_TO_GOOGLE,
                          deletion
                              ? CommandKind.DELETE_EVENT.name()
                              : CommandKind.UPSERT_EVENT.name(),
                          Outcome.APPLIED.name(),
                          applied.taskId(),
                          applied.eventId(),
                          describe(applied.action()),
                          detail,
                          messageId)));
            })
        .thenReturn(Outcome.APPLIED.name());
  }

  private Mono<String> failed(String messageId, CommandFailed failed) {
    Outcome outcome = isConflict(failed.reason()) ? Outcome.CONFLICT : Outcome.FAILED;
    return logged(failed.commandId(), outcome, failed.reason())
        .flatMap(
            command ->
                history.record(
                    new HistoryEntry(
                        failed.userId(),
                        Direction.CRM_TO_GOOGLE,
                        command.map(c -> c.kind().name()).orElse("UNKNOWN_COMMAND"),
                        outcome.name(),
                        failed.taskId(),
                        failed.eventId(),
                        failed.reason(),
                        Map.of("commandId", failed.commandId(), "retryable", failed.retryable()),
                        messageId)))
        .thenReturn(outcome.name());
  }

  private Mono<Optional<LoggedCommand>> logged(String commandId, Outcome outcome, String reason) {
    return commandLog
        .outcome(commandId, outcome, reason)
        .map(Optional::of)
        .defaultIfEmpty(Optional.empty());
  }

  /**
   * The connector reports a 412 (the event changed in Google since the etag we held) as a failure
   * whose reason names the conflict; Google's own reason is {@code conditionNotMet}.
   */
  static boolean isConflict(String reason) {
    String lower = reason.toLowerCase(Locale.ROOT);
    return lower.contains("conflict") || lower.contains("conditionnotmet") || lower.contains("412");
  }

  /** The event as written by the upsert, in the shape the connector reports event changes in. */
  private static String snapshot(UpsertEvent upsert, CommandApplied applied) {
    return ContractJson.toJson(
        new EventChanged(
            upsert.userId(),
            upsert.calendarId(),
            upsert.eventId(),
            applied.etag(),
            applied.updated(),
            EventStatus.CONFIRMED,
            upsert.summary(),
            upsert.description(),
            upsert.start(),
            upsert.end(),
            upsert.attendees(),
            null,
            null,
            upsert.privateExtendedProperties(),
            null));
  }

  private static String describe(CommandApplied.Action action) {
    return switch (action) {
      case CREATED -> "event created in Google Calendar";
      case UPDATED -> "event updated in Google Calendar";
      case DELETED -> "event deleted from Google Calendar";
      case ALREADY_DELETED -> "event was already deleted in Google Calendar";
    };
  }
}
