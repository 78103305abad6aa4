package io.calsync.orchestrator.command;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.calsync.contracts.ContractJson;
import io.calsync.contracts.calendar.CalendarCommand;
import io.calsync.contracts.calendar.UpsertEvent;
import io.calsync.orchestrator.db.Sql;
import io.calsync.orchestrator.history.HistoryOutcome;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** {@code calendar_command}: every command sent, and what became of it. */
@Component
public class CalendarCommandLog {

  private static final ObjectMapper JSON = ContractJson.newMapper();

  /** What the connector reported for a command. */
  public enum Outcome {
    APPLIED,
    FAILED,
    /** Google answered 412: the event changed since the etag we held; for the merge work. */
    CONFLICT;

    /** How the history tells this outcome. */
    public HistoryOutcome history() {
      return HistoryOutcome.valueOf(name());
    }
  }

  private final DatabaseClient db;

  CalendarCommandLog(DatabaseClient db) {
    this.db = db;
  }

  /**
   * Records a sent command; a resend of the same command id (after a crash) keeps the first.
   *
   * @param plainPush whether the command carries exactly one task version's fields (a CRM push, not
   *     a merge result)
   * @param taskVersion nullable: the task version whose fields the command carries; Google holds
   *     that version once the command is applied
   */
  public Mono<Void> sent(CalendarCommand command, boolean plainPush, Long taskVersion) {
    CommandKind kind =
        command instanceof UpsertEvent ? CommandKind.UPSERT_EVENT : CommandKind.DELETE_EVENT;
    var spec =
        db.sql(
                "INSERT INTO calendar_command (command_id, user_id, task_id, calendar_id,"
                    + " event_id, kind, body, plain_push, task_version) VALUES (:commandId,"
                    + " :userId, :taskId, :calendarId, :eventId, :kind, :body, :plainPush,"
                    + " :taskVersion) ON CONFLICT (command_id) DO NOTHING")
            .bind("commandId", command.commandId())
            .bind("userId", command.userId())
            .bind("taskId", command.taskId())
            .bind("calendarId", command.calendarId())
            .bind("eventId", command.eventId())
            .bind("kind", kind.name())
            .bind("plainPush", plainPush);
    spec = Sql.bindNullable(spec, "taskVersion", taskVersion, Long.class);
    return Sql.bindJson(spec, "body", ContractJson.toJson(command)).then();
  }

  /**
   * Stores the connector's answer. Empty when the command is unknown here (sent by an instance
   * whose transaction then rolled back, and never resent).
   */
  public Mono<LoggedCommand> outcome(String commandId, Outcome outcome, String reason) {
    return db.sql(
            "UPDATE calendar_command SET outcome = :outcome, outcome_reason = :reason,"
                + " outcome_at = now() WHERE command_id = :commandId"
                + " RETURNING kind, body, plain_push, task_version, sequence, superseded")
        .bind("commandId", commandId)
        .bind("outcome", outcome.name())
        .bind("reason", reason)
        .map(
            row -> {
              CommandKind kind = CommandKind.valueOf(row.get("kind", String.class));
              return new LoggedCommand(
                  kind,
                  kind == CommandKind.UPSERT_EVENT ? readUpsert(Sql.json(row.get("body"))) : null,
                  Boolean.TRUE.equals(row.get("plain_push", Boolean.class)),
                  row.get("task_version", Long.class),
                  row.get("sequence", Long.class),
                  Boolean.TRUE.equals(row.get("superseded", Boolean.class)));
            })
        .one();
  }

  /** Whether an upsert of the task was sent and its result has not arrived yet. */
  public Mono<Boolean> upsertInFlight(String userId, String taskId) {
    return inFlight(userId, taskId, " AND kind = 'UPSERT_EVENT'");
  }

  /** Whether any command for the task was sent and its result has not arrived yet. */
  public Mono<Boolean> inFlight(String userId, String taskId) {
    return inFlight(userId, taskId, "");
  }

  private Mono<Boolean> inFlight(String userId, String taskId, String kindCondition) {
    return db.sql(
            "SELECT 1 FROM calendar_command WHERE user_id = :userId AND task_id = :taskId"
                + " AND outcome IS NULL AND NOT superseded"
                + kindCondition
                + " LIMIT 1")
        .bind("userId", userId)
        .bind("taskId", taskId)
        .map(row -> true)
        .one()
        .defaultIfEmpty(false);
  }

  /** Whether a command for the task was sent after the one at {@code sequence}. */
  public Mono<Boolean> sentAfter(String userId, String taskId, long sequence) {
    return db.sql(
            "SELECT 1 FROM calendar_command WHERE user_id = :userId AND task_id = :taskId"
                + " AND sequence > :sequence LIMIT 1")
        .bind("userId", userId)
        .bind("taskId", taskId)
        .bind("sequence", sequence)
        .map(row -> true)
        .one()
        .defaultIfEmpty(false);
  }

  /**
   * The user's Google account was replaced: every command sent so far went to the previous
   * account's calendar. None of them holds its task back any more, and their results change no
   * link.
   */
  public Mono<Void> supersede(String userId) {
    return db.sql(
            "UPDATE calendar_command SET superseded = true"
                + " WHERE user_id = :userId AND NOT superseded")
        .bind("userId", userId)
        .then();
  }

  /**
   * A command as sent.
   *
   * @param upsert nullable: the command when it was an upsert
   * @param plainPush whether it carried exactly one task version's fields
   * @param taskVersion nullable: the task version whose fields it carried
   * @param sequence the order it was sent in, among all commands
   * @param superseded whether it went to a Google account the user has replaced since
   */
  public record LoggedCommand(
      CommandKind kind,
      UpsertEvent upsert,
      boolean plainPush,
      Long taskVersion,
      long sequence,
      boolean superseded) {}

  private static UpsertEvent readUpsert(String body) {
    try {
      return JSON.readValue(body, UpsertEvent.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("unreadable command body in calendar_command", e);
    }
  }
}
