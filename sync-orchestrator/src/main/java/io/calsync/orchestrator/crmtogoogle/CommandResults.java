package io.calsync.orchestrator.crmtogoogle;

import io.calsync.contracts.Topics;
import io.calsync.contracts.calendar.CommandApplied;
import io.calsync.contracts.calendar.CommandFailed;
import io.calsync.contracts.calendar.CommandResult;
import io.calsync.contracts.calendar.EventChanged;
import io.calsync.contracts.calendar.EventStatus;
import io.calsync.contracts.calendar.UpsertEvent;
import io.calsync.contracts.connection.SyncMode;
import io.calsync.contracts.task.TaskDeleted;
import io.calsync.orchestrator.command.CalendarCommandLog;
import io.calsync.orchestrator.command.CalendarCommandLog.LoggedCommand;
import io.calsync.orchestrator.command.CalendarCommandLog.Outcome;
import io.calsync.orchestrator.command.CommandKind;
import io.calsync.orchestrator.connection.UserConnection;
import io.calsync.orchestrator.connection.UserConnectionRepository;
import io.calsync.orchestrator.effect.EffectApplier;
import io.calsync.orchestrator.effect.EffectApplier.Delivery;
import io.calsync.orchestrator.effect.Effects;
import io.calsync.orchestrator.history.HistoryAction;
import io.calsync.orchestrator.history.HistoryEntry;
import io.calsync.orchestrator.history.HistoryEntry.Direction;
import io.calsync.orchestrator.history.HistoryOutcome;
import io.calsync.orchestrator.link.Link;
import io.calsync.orchestrator.link.LinkRepository;
import io.calsync.orchestrator.link.TaskStateRepository;
import io.calsync.orchestrator.merge.SyncFields;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Applies {@code calendar.command-results}: an applied upsert gives the link its new etag, {@code
 * updated} and event snapshot (the merge base and, later, the mark of our own write), and only now
 * does Google count as holding the task version the command carried; a failure is recorded in the
 * history, a conflict (412) also in the command log for the merge work. A command the connector
 * refused for now (not connected, or a failure that may pass) leaves the task out of sync, so it is
 * sent again: by the next catch-up, or at once when a catch-up passed it over while it was in
 * flight.
 *
 * <p>The connector's answer is stored in the command log first ({@link CalendarCommandLog#outcome}
 * returns the command as sent): like the inbox row, it is what the rest of the handling reads (the
 * command is no longer in flight). The link's transitions, the follow-up decisions and the history
 * are then {@link Effects} for the {@link EffectApplier}, counted as the result alone.
 */
@Component
public class CommandResults {

  /** The connector's reason when token-service has no connection for the user. */
  static final String NOT_CONNECTED = "not-connected";

  private final EffectApplier applier;
  private final CalendarCommandLog commandLog;
  private final LinkRepository links;
  private final TaskStateRepository taskStates;
  private final UserConnectionRepository connections;
  private final TaskSync taskSync;

  CommandResults(
      EffectApplier applier,
      CalendarCommandLog commandLog,
      LinkRepository links,
      TaskStateRepository taskStates,
      UserConnectionRepository connections,
      TaskSync taskSync) {
    this.applier = applier;
    this.commandLog = commandLog;
    this.links = links;
    this.taskStates = taskStates;
    this.connections = connections;
    this.taskSync = taskSync;
  }

  public Mono<Void> onCommandResult(String messageId, CommandResult result) {
    // The user's lock first (the applier's): a result may lead to a deletion (held by the guard)
    // and reads what the guard holds.
    return applier.handle(
        new Delivery(
            messageId,
            Topics.COMMAND_RESULTS,
            result.userId(),
            Direction.CRM_TO_GOOGLE,
            Effects.none()),
        () ->
            result instanceof CommandApplied applied
                ? applied(messageId, applied)
                : failed(messageId, (CommandFailed) result));
  }

  private Mono<Effects> applied(String messageId, CommandApplied applied) {
    boolean deletion =
        applied.action() == CommandApplied.Action.DELETED
            || applied.action() == CommandApplied.Action.ALREADY_DELETED;
    return logged(applied.commandId(), Outcome.APPLIED, applied.action().name())
        .flatMap(
            command -> {
              if (command.filter(LoggedCommand::superseded).isPresent()) {
                return Mono.just(
                    Effects.recorded(
                        previousAccount(
                            messageId,
                            applied,
                            deletion ? CommandKind.DELETE_EVENT : CommandKind.UPSERT_EVENT,
                            Outcome.APPLIED,
                            describe(applied.action()))));
              }
              Effects recorded = Effects.recorded(appliedEntry(messageId, applied, deletion));
              Long version = command.map(LoggedCommand::taskVersion).orElse(null);
              return optional(links.findByTask(applied.userId(), applied.taskId()))
                  .flatMap(
                      found -> {
                        if (found.isEmpty()) {
                          return Mono.just(recorded);
                        }
                        Link link = found.get();
                        if (deletion) {
                          return Mono.just(
                              Effects.transition(link, delivered(link.deleteApplied(), version))
                                  .and(recorded));
                        }
                        UpsertEvent upsert = command.map(LoggedCommand::upsert).orElse(null);
                        Link written =
                            link.upsertApplied(
                                applied.etag(),
                                applied.updated(),
                                upsert == null ? null : snapshot(upsert, applied));
                        return (upsert == null
                                ? Mono.just(written)
                                : agree(command.get(), applied, written))
                            .map(agreed -> delivered(agreed, version))
                            .flatMap(
                                next ->
                                    taskSync
                                        .pushLatest(messageId, next)
                                        .map(
                                            latest ->
                                                Effects.transition(link, next)
                                                    .and(latest)
                                                    .and(recorded)));
                      });
            })
        .map(effects -> effects.countedAsResult(Outcome.APPLIED));
  }

  private static Link delivered(Link link, Long version) {
    return version == null ? link : link.delivered(version);
  }

  private static HistoryEntry appliedEntry(
      String messageId, CommandApplied applied, boolean deletion) {
    Map<String, Object> detail = new HashMap<>();
    detail.put("commandId", applied.commandId());
    detail.put("googleAction", applied.action().name());
    if (applied.etag() != null) {
      detail.put("etag", applied.etag());
    }
    return HistoryEntry.commandResult(
        applied.userId(),
        deletion ? HistoryAction.DELETE_EVENT : HistoryAction.UPSERT_EVENT,
        HistoryOutcome.APPLIED,
        applied.taskId(),
        applied.eventId(),
        describe(applied.action()),
        detail,
        messageId);
  }

  /**
   * The event now holds what the upsert wrote. A plain CRM push carried one task version's fields,
   * which the task held then: both sides agreed on them, and they become the merge base even when
   * the task moved on since. A merge result becomes the base only when the task (latest snapshot)
   * holds it too; otherwise its task command may still fail, and the base stays so that neither
   * side's change is mistaken for the other's.
   */
  private Mono<Link> agree(LoggedCommand command, CommandApplied applied, Link link) {
    UpsertEvent upsert = command.upsert();
    return connections
        .find(applied.userId())
        .map(connection -> Optional.ofNullable(connection.googleAccountEmail()))
        .defaultIfEmpty(Optional.empty())
        .flatMap(
            owner ->
                taskStates
                    .find(applied.userId(), applied.taskId())
                    .map(
                        task -> {
                          SyncFields written =
                              SyncFields.ofEvent(
                                  snapshot(upsert, applied), task.timeZone(), owner.orElse(null));
                          return command.plainPush()
                                  || written.equals(SyncFields.ofTask(task, owner.orElse(null)))
                              ? link.agreed(written)
                              : link;
                        }))
        .defaultIfEmpty(link);
  }

  private Mono<Effects> failed(String messageId, CommandFailed failed) {
    Outcome outcome = isConflict(failed.reason()) ? Outcome.CONFLICT : Outcome.FAILED;
    return logged(failed.commandId(), outcome, failed.reason())
        .flatMap(
            command -> {
              if (command.filter(LoggedCommand::superseded).isPresent()) {
                return Mono.just(
                    Effects.recorded(
                        previousAccount(
                            messageId, failed, command.get().kind(), outcome, failed.reason())));
              }
              return optional(links.findByTask(failed.userId(), failed.taskId()))
                  .flatMap(
                      found -> {
                        Link link = found.orElse(null);
                        Mono<Handling> handling;
                        if (outcome == Outcome.CONFLICT) {
                          handling =
                              resolveConflict(messageId, failed, command.orElse(null), link)
                                  .map(effects -> new Handling(effects, Resend.none(), link));
                        } else if (command.isPresent() && refusedForNow(failed)) {
                          handling = refused(failed, command.get(), link);
                        } else {
                          handling = Mono.just(new Handling(Effects.none(), Resend.none(), link));
                        }
                        return handling.flatMap(
                            handled ->
                                (handled.resend().now() == null
                                        ? Mono.just(Effects.none())
                                        : taskSync.resend(
                                            messageId, handled.resend().now(), handled.link()))
                                    .map(
                                        resent ->
                                            handled
                                                .effects()
                                                .and(
                                                    Effects.recorded(
                                                        failure(
                                                            messageId,
                                                            failed,
                                                            command,
                                                            outcome,
                                                            handled.resend())))
                                                .and(resent)));
                      });
            })
        .map(effects -> effects.countedAsResult(outcome));
  }

  /**
   * How a failure is handled so far: its effects, whether the command is sent again, and the task's
   * link as they leave it (nullable).
   */
  private record Handling(Effects effects, Resend resend, Link link) {}

  /**
   * What becomes of a command the connector refused for now: not sent again ({@link #none()}), at
   * the next catch-up ({@code now == null}), or at once to the user's connection {@code now}.
   */
  private record Resend(boolean planned, UserConnection now) {

    static Resend none() {
      return new Resend(false, null);
    }
  }

  /**
   * Failures worth sending the command again for: the user was not connected when the connector ran
   * it (a disconnect the orchestrator had not seen yet), or Google or token-service failed in a way
   * that may pass. Other failures would fail again.
   */
  static boolean refusedForNow(CommandFailed failed) {
    return failed.retryable() || NOT_CONNECTED.equals(failed.reason());
  }

  /**
   * The command did not reach Google: the task's latest version is not there (the link's {@code
   * applied_task_version} is behind), so the next catch-up sends it. A refused removal makes the
   * link active again, the event being still there ({@link Link#removalRefused}). When a catch-up
   * already ran since the command was sent, it passed the task over (one write at a time), so the
   * task is sent again now, if the user writes to Google and nothing else of the task is in flight.
   * Without that, a refusal that arrives before the orchestrator has seen the disconnect does not
   * loop: it waits for the reconnect.
   *
   * @param link nullable: the task's link
   */
  private Mono<Handling> refused(CommandFailed failed, LoggedCommand command, Link link) {
    String userId = failed.userId();
    String taskId = failed.taskId();
    Mono<Optional<Link>> removal =
        command.kind() == CommandKind.DELETE_EVENT && link != null
            ? commandLog
                .sentAfter(userId, taskId, command.sequence())
                .map(later -> Optional.of(link.removalRefused(!later)))
            : Mono.just(Optional.ofNullable(link));
    return removal.flatMap(
        next ->
            connections
                .find(userId)
                .filter(UserConnection::writesToGoogle)
                .filterWhen(connection -> connections.caughtUpSince(userId, command.sequence()))
                .filterWhen(connection -> commandLog.inFlight(userId, taskId).map(busy -> !busy))
                .map(connection -> new Resend(true, connection))
                .defaultIfEmpty(new Resend(true, null))
                .map(
                    resend ->
                        new Handling(
                            Effects.transition(link, next.orElse(null)),
                            resend,
                            next.orElse(null))));
  }

  /**
   * The result of a command sent to a Google account the user has replaced since: recorded, but the
   * link it was sent for is closed, and the task's link (if any) is to the new account's calendar,
   * where the same event id may exist too. Nothing else changes and nothing is sent again.
   */
  private static HistoryEntry previousAccount(
      String messageId, CommandResult result, CommandKind kind, Outcome outcome, String what) {
    return HistoryEntry.commandResult(
        result.userId(),
        kind.action(),
        outcome.history(),
        result.taskId(),
        result.eventId(),
        what + " (in the previous Google account's calendar; its link was closed, nothing changes)",
        Map.of("commandId", result.commandId(), "reasonCode", "ACCOUNT_CHANGED"),
        messageId);
  }

  private static HistoryEntry failure(
      String messageId,
      CommandFailed failed,
      Optional<LoggedCommand> command,
      Outcome outcome,
      Resend resend) {
    Map<String, Object> detail = new HashMap<>();
    detail.put("commandId", failed.commandId());
    detail.put("retryable", failed.retryable());
    if (resend.planned()) {
      detail.put("resend", resend.now() != null ? "NOW" : "AT_NEXT_CATCH_UP");
    }
    return HistoryEntry.commandResult(
        failed.userId(),
        command.map(c -> c.kind().action()).orElse(HistoryAction.UNKNOWN_COMMAND),
        outcome.history(),
        failed.taskId(),
        failed.eventId(),
        failed.reason(),
        detail,
        messageId);
  }

  private Mono<Optional<LoggedCommand>> logged(String commandId, Outcome outcome, String reason) {
    return optional(commandLog.outcome(commandId, outcome, reason));
  }

  /**
   * Google refused an upsert with 412: the event changed since the etag the command expected. When
   * the link already knows a newer event version, the latest task is merged with it at once (in
   * {@code TWO_WAY} mode); otherwise the link forgets its event version ({@link Link#eventStale}),
   * and the fresh {@code EventChanged} the connector publishes is merged when it arrives instead of
   * being taken for an echo.
   *
   * @param link nullable: the task's link
   */
  private Mono<Effects> resolveConflict(
      String messageId, CommandFailed failed, LoggedCommand command, Link link) {
    if (link == null) {
      return Mono.just(Effects.none());
    }
    String expected =
        command == null || command.upsert() == null ? null : command.upsert().expectedEtag();
    boolean newerKnown =
        link.active()
            && link.event() != null
            && link.eventEtag() != null
            && expected != null
            && !link.eventEtag().equals(expected);
    if (!newerKnown) {
      return Mono.just(Effects.transition(link, link.eventStale()));
    }
    return connections
        .find(failed.userId())
        .filter(c -> c.writesToGoogle() && c.settings().mode() == SyncMode.TWO_WAY)
        .flatMap(
            connection ->
                taskStates
                    .find(failed.userId(), failed.taskId())
                    .filter(task -> !(task instanceof TaskDeleted))
                    .map(task -> MergeEffects.of(messageId, task, connection, link)))
        .defaultIfEmpty(Effects.none());
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
  public static EventChanged snapshot(UpsertEvent upsert, CommandApplied applied) {
    return new EventChanged(
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
        null);
  }

  private static String describe(CommandApplied.Action action) {
    return switch (action) {
      case CREATED -> "event created in Google Calendar";
      case UPDATED -> "event updated in Google Calendar";
      case DELETED -> "event deleted from Google Calendar";
      case ALREADY_DELETED -> "event was already deleted in Google Calendar";
    };
  }

  private static <T> Mono<Optional<T>> optional(Mono<T> mono) {
    return mono.map(Optional::of).defaultIfEmpty(Optional.empty());
  }
}
