package io.calsync.connector.commands;

import com.google.api.services.calendar.model.Event;
import io.calsync.connector.google.EventMapper;
import io.calsync.connector.google.GoogleAccess;
import io.calsync.connector.google.GoogleCalendarGateway;
import io.calsync.connector.google.GoogleErrors;
import io.calsync.connector.token.AccessTokenClient;
import io.calsync.connector.token.ConnectionLostException;
import io.calsync.connector.token.NotConnectedException;
import io.calsync.connector.token.TokenServiceUnavailableException;
import io.calsync.contracts.calendar.CalendarCommand;
import io.calsync.contracts.calendar.CommandApplied;
import io.calsync.contracts.calendar.CommandFailed;
import io.calsync.contracts.calendar.DeleteEvent;
import io.calsync.contracts.calendar.EventField;
import io.calsync.contracts.calendar.SendUpdates;
import io.calsync.contracts.calendar.UpsertEvent;
import io.calsync.contracts.task.EventTaskIds;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import java.time.Instant;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Carries out one calendar command against Google and decides its result (docs/crm-to-google.md):
 *
 * <ul>
 *   <li>upsert without an expected etag → {@code events.insert} with the deterministic id; {@code
 *       409} → {@code events.get} and adopt the event if it carries the command's {@code
 *       calsyncTaskId} (patch it, restoring it when it was deleted), else fail {@code
 *       event-id-taken};
 *   <li>upsert with an expected etag → {@code events.patch} of only the mapped fields the command
 *       sets, with {@code If-Match} (after an {@code events.get} when the assignee's attendee entry
 *       changes, since a patch replaces the attendee array whole); {@code 412} or a newer version
 *       read → fail {@code conflict} and hand back the current event;
 *   <li>delete → {@code events.delete} ({@code If-Match} when an etag is expected); {@code 404} or
 *       {@code 410} → {@code ALREADY_DELETED}.
 * </ul>
 *
 * Failures that may pass (quota, 5xx, I/O after all retries, open circuit, token-service down) park
 * the command as {@link ParkReason#OUTAGE} instead of answering it; an unexpected token-service
 * answer (its configuration, not an outage) fails the command without recording it in the inbox.
 * Other Google 4xx are final. A Google {@code 401} drops the cached access token and tries once
 * more with a fresh one.
 */
@Component
class CommandExecutor {

  static final String CONFLICT = "conflict";
  static final String NOT_CONNECTED = "not-connected";
  static final String EVENT_ID_TAKEN = "event-id-taken";

  private static final Logger log = LoggerFactory.getLogger(CommandExecutor.class);

  private final GoogleCalendarGateway google;
  private final AccessTokenClient tokens;

  CommandExecutor(GoogleCalendarGateway google, AccessTokenClient tokens) {
    this.google = google;
    this.tokens = tokens;
  }

  Mono<Execution> execute(CalendarCommand command) {
    Function<GoogleAccess, Mono<Execution>> work =
        command instanceof UpsertEvent upsert
            ? access -> upsert(access, upsert)
            : access -> delete(access, (DeleteEvent) command);
    return withAccess(command.userId(), work)
        .onErrorResume(ConnectionLostException.class, e -> Mono.just(Execution.CONNECTION_LOST))
        .onErrorResume(
            NotConnectedException.class,
            e -> Mono.just(Execution.of(failed(command, NOT_CONNECTED, false))))
        // Never final: once token-service is back (or its configuration fixed), the same command
        // must be executable again rather than answered from the inbox.
        .onErrorResume(
            TokenServiceUnavailableException.class,
            e ->
                Mono.just(
                    e.isTransient()
                        ? Execution.outage(failed(command, "token-service-unavailable", true))
                        : new Execution(
                            failed(command, "token-service-error", false), null, false)))
        .onErrorResume(error -> isGoogleFailure(error), error -> googleFailure(command, error));
  }

  private Mono<Execution> withAccess(String userId, Function<GoogleAccess, Mono<Execution>> work) {
    return tokens
        .accessToken(userId)
        .flatMap(token -> work.apply(new GoogleAccess(userId, token)))
        .onErrorResume(
            error -> GoogleErrors.status(error) == 401,
            // The token was revoked or expired early: token-service refreshes it, or answers
            // connection-lost when the grant is gone.
            error ->
                tokens
                    .refreshedAccessToken(userId)
                    .flatMap(token -> work.apply(new GoogleAccess(userId, token))));
  }

  private Mono<Execution> upsert(GoogleAccess access, UpsertEvent command) {
    if (command.expectedEtag() == null) {
      return google
          .insert(
              access, command.calendarId(), EventMapper.toGoogle(command), command.sendUpdates())
          .map(created -> applied(command, created, CommandApplied.Action.CREATED))
          .onErrorResume(
              error -> GoogleErrors.status(error) == 409, error -> adopt(access, command));
    }
    if (!command.sets(EventField.ASSIGNEE)) {
      return patch(access, command, null, command.expectedEtag(), false);
    }
    // Attendees are an array, which a patch replaces whole: read them, so that only the
    // assignee's entry changes. The read also tells whether the expected version is still there.
    return google
        .get(access, command.calendarId(), command.eventId())
        .flatMap(
            current ->
                command.expectedEtag().equals(current.getEtag())
                        && !"cancelled".equals(current.getStatus())
                    ? patch(access, command, current, command.expectedEtag(), false)
                    : Mono.just(conflict(command, current)));
  }

  /**
   * Patches only the mapped fields the command sets (docs/crm-to-google.md, "What CalSync writes");
   * every other field of the event stays as Google has it.
   */
  private Mono<Execution> patch(
      GoogleAccess access, UpsertEvent command, Event current, String ifMatch, boolean restore) {
    Event patch = EventMapper.toPatch(command, current);
    if (restore) {
      patch.setStatus("confirmed");
    }
    return google
        .patch(
            access, command.calendarId(), command.eventId(), patch, ifMatch, command.sendUpdates())
        .map(updated -> applied(command, updated, CommandApplied.Action.UPDATED))
        .onErrorResume(
            error -> GoogleErrors.status(error) == 412, error -> conflict(access, command));
  }

  /**
   * The id is taken: by our own earlier insert (adopt it: patch the mapped fields, restoring it
   * when it was deleted) or, in theory, by a foreign event.
   */
  private Mono<Execution> adopt(GoogleAccess access, UpsertEvent command) {
    return google
        .get(access, command.calendarId(), command.eventId())
        .flatMap(
            existing -> {
              // Ours: stamped with the command's task, or the event its task was created from (a
              // Google-born event CalSync restores after the user kept a held deletion).
              boolean ours =
                  command.taskId().equals(EventMapper.calsyncTaskId(existing))
                      || EventTaskIds.createdFrom(
                          command.userId(), command.taskId(), command.eventId());
              if (!ours) {
                return Mono.just(Execution.of(failed(command, EVENT_ID_TAKEN, false)));
              }
              log.info(
                  "Adopting existing event {} of user {} for command {}",
                  command.eventId(),
                  command.userId(),
                  command.commandId());
              return patch(
                  access,
                  command,
                  existing,
                  existing.getEtag(),
                  "cancelled".equals(existing.getStatus()));
            });
  }

  private Mono<Execution> delete(GoogleAccess access, DeleteEvent command) {
    return google
        .delete(
            access,
            command.calendarId(),
            command.eventId(),
            command.expectedEtag(),
            SendUpdates.NONE)
        .then(Mono.fromSupplier(() -> deleted(command, CommandApplied.Action.DELETED)))
        .onErrorResume(
            error -> GoogleErrors.status(error) == 404 || GoogleErrors.status(error) == 410,
            error -> Mono.just(deleted(command, CommandApplied.Action.ALREADY_DELETED)))
        .onErrorResume(
            error -> GoogleErrors.status(error) == 412, error -> conflict(access, command));
  }

  /** Someone changed the event since the orchestrator saw it: report what Google holds now. */
  private Mono<Execution> conflict(GoogleAccess access, CalendarCommand command) {
    return google
        .get(access, command.calendarId(), command.eventId())
        .map(current -> conflict(command, current))
        .onErrorResume(
            error -> GoogleErrors.status(error) != 401,
            error -> {
              log.warn(
                  "Could not re-read event {} after a conflict on command {}: {}",
                  command.eventId(),
                  command.commandId(),
                  error.toString());
              return Mono.just(Execution.of(failed(command, CONFLICT, false)));
            });
  }

  /** The conflict answer with the event as Google holds it now. */
  private static Execution conflict(CalendarCommand command, Event current) {
    return new Execution(
        failed(command, CONFLICT, false),
        EventMapper.toEventChanged(command.userId(), command.calendarId(), current),
        true);
  }

  private static boolean isGoogleFailure(Throwable error) {
    return GoogleErrors.isTransient(error)
        || GoogleErrors.status(error) >= 400
        || error instanceof CallNotPermittedException;
  }

  private static Mono<Execution> googleFailure(CalendarCommand command, Throwable error) {
    int status = GoogleErrors.status(error);
    String reason = GoogleErrors.reason(error);
    if (GoogleErrors.isTransient(error) || error instanceof CallNotPermittedException) {
      log.warn(
          "Command {} of user {} failed for now after retries: {}",
          command.commandId(),
          command.userId(),
          error.toString());
      String cause = reason != null ? reason : status > 0 ? "http-" + status : "google-unavailable";
      return Mono.just(Execution.outage(failed(command, cause, true)));
    }
    String cause =
        switch (status) {
          case 404 -> "event-not-found";
          case 410 -> "event-deleted";
          default -> reason != null ? reason : "http-" + status;
        };
    return Mono.just(Execution.of(failed(command, cause, false)));
  }

  private static Execution applied(
      CalendarCommand command, Event event, CommandApplied.Action action) {
    Instant updated =
        event.getUpdated() == null ? null : Instant.ofEpochMilli(event.getUpdated().getValue());
    return Execution.of(
        new CommandApplied(
            command.commandId(),
            command.userId(),
            command.taskId(),
            command.eventId(),
            event.getEtag(),
            updated,
            action));
  }

  private static Execution deleted(CalendarCommand command, CommandApplied.Action action) {
    return Execution.of(
        new CommandApplied(
            command.commandId(),
            command.userId(),
            command.taskId(),
            command.eventId(),
            null,
            null,
            action));
  }

  private static CommandFailed failed(CalendarCommand command, String reason, boolean retryable) {
    return new CommandFailed(
        command.commandId(),
        command.userId(),
        command.taskId(),
        command.eventId(),
        reason,
        retryable);
  }
}
