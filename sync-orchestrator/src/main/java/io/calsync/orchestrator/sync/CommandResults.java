package io.calsync.orchestrator.sync;

import io.calsync.contracts.ContractJson;
import io.calsync.contracts.Topics;
import io.calsync.contracts.calendar.CommandApplied;
import io.calsync.contracts.calendar.CommandFailed;
import io.calsync.contracts.calendar.CommandResult;
import io.calsync.contracts.calendar.EventChanged;
import io.calsync.contracts.calendar.EventStatus;
import io.calsync.contracts.calendar.UpsertEvent;
import io.calsync.contracts.connection.SyncMode;
import io.calsync.contracts.task.TaskDeleted;
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
  private final TaskStateRepository taskStates;
  private final UserConnectionRepository connections;
  private final LinkMerger merger;
  private final TaskSync taskSync;

  CommandResults(
      Inbox inbox,
      CalendarCommandLog commandLog,
      LinkRepository links,
      SyncHistory history,
      SyncMetrics metrics,
      TransactionalOperator transactional,
      TaskStateRepository taskStates,
      UserConnectionRepository connections,
      LinkMerger merger,
      TaskSync taskSync) {
    this.taskSync = taskSync;
    this.merger = merger;
    this.taskStates = taskStates;
    this.connections = connections;
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
                      : links
                          .upsertApplied(
                              applied.userId(),
                              applied.taskId(),
                              applied.etag(),
                              applied.updated(),
                              command
                                  .map(LoggedCommand::upsert)
                                  .map(u -> snapshotJson(u, applied))
                                  .orElse(null))
                          .then(
                              command
                                  .filter(c -> c.upsert() != null)
                                  .map(c -> agree(c, applied))
                                  .orElse(Mono.empty()))
                          .then(
                              taskSync
                                  .pushLatest(messageId, applied.userId(), applied.taskId())
                                  .then());
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

  /**
   * The event now holds what the upsert wrote. A plain CRM push carried one task version's fields,
   * which the task held then: both sides agreed on them, and they become the merge base even when
   * the task moved on since. A merge result becomes the base only when the task (latest snapshot)
   * holds it too; otherwise its task command may still fail, and the base stays so that neither
   * side's change is mistaken for the other's.
   */
  private Mono<Void> agree(LoggedCommand command, CommandApplied applied) {
    UpsertEvent upsert = command.upsert();
    return connections
        .find(applied.userId())
        .map(connection -> Optional.ofNullable(connection.googleAccountEmail()))
        .defaultIfEmpty(Optional.empty())
        .flatMap(
            owner ->
                taskStates
                    .find(applied.userId(), applied.taskId())
                    .flatMap(
                        task -> {
                          SyncFields written =
                              SyncFields.ofEvent(
                                  snapshot(upsert, applied), task.timeZone(), owner.orElse(null));
                          return command.plainPush()
                                  || written.equals(SyncFields.ofTask(task, owner.orElse(null)))
                              ? links.agreed(applied.userId(), applied.taskId(), written)
                              : Mono.empty();
                        }));
  }

  private Mono<String> failed(String messageId, CommandFailed failed) {
    Outcome outcome = isConflict(failed.reason()) ? Outcome.CONFLICT : Outcome.FAILED;
    return logged(failed.commandId(), outcome, failed.reason())
        .flatMap(
            command ->
                (outcome == Outcome.CONFLICT
                        ? resolveConflict(messageId, failed, command.orElse(null))
                        : Mono.<Void>empty())
                    .thenReturn(command))
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
   * Google refused an upsert with 412: the event changed since the etag the command expected. When
   * the link already knows a newer event version, the latest task is merged with it at once (in
   * {@code TWO_WAY} mode); otherwise the link forgets its event version, and the fresh {@code
   * EventChanged} the connector publishes is merged when it arrives instead of being taken for an
   * echo.
   */
  private Mono<Void> resolveConflict(
      String messageId, CommandFailed failed, LoggedCommand command) {
    String expected =
        command == null || command.upsert() == null ? null : command.upsert().expectedEtag();
    return links
        .findByTask(failed.userId(), failed.taskId())
        .flatMap(
            link -> {
              boolean newerKnown =
                  link.active()
                      && link.event() != null
                      && link.eventEtag() != null
                      && expected != null
                      && !link.eventEtag().equals(expected);
              if (!newerKnown) {
                return links.eventStale(failed.userId(), failed.taskId());
              }
              return connections
                  .find(failed.userId())
                  .filter(c -> c.writesToGoogle() && c.settings().mode() == SyncMode.TWO_WAY)
                  .flatMap(
                      connection ->
                          taskStates
                              .find(failed.userId(), failed.taskId())
                              .filter(task -> !(task instanceof TaskDeleted))
                              .flatMap(task -> merger.reconcile(messageId, task, connection, link)))
                  .then();
            });
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
  private static String snapshotJson(UpsertEvent upsert, CommandApplied applied) {
    return ContractJson.toJson(snapshot(upsert, applied));
  }

  static EventChanged snapshot(UpsertEvent upsert, CommandApplied applied) {
    return (new EventChanged(
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
