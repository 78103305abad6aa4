package io.calsync.connector.commands;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.calsync.contracts.ContractJson;
import io.calsync.contracts.ContractViolationException;
import io.calsync.contracts.calendar.CommandApplied;
import io.calsync.contracts.calendar.CommandFailed;
import io.calsync.contracts.calendar.CommandResult;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The inbox of executed commands ({@code processed_command}): a command's final result, so that a
 * redelivered command is answered with the stored result instead of calling Google again.
 */
@Component
class ProcessedCommands {

  private static final String APPLIED = "APPLIED";
  private static final String FAILED = "FAILED";

  private final DatabaseClient db;
  private final ObjectMapper json = ContractJson.newMapper();

  ProcessedCommands(DatabaseClient db) {
    this.db = db;
  }

  Mono<CommandResult> find(String commandId) {
    return db.sql(
            "SELECT outcome, result_body FROM processed_command WHERE command_id = :commandId")
        .bind("commandId", commandId)
        .map(
            (row, metadata) ->
                read(row.get("outcome", String.class), row.get("result_body", String.class)))
        .one();
  }

  /** Records the final result; a result already recorded for the command stays. */
  Mono<Void> record(String userId, CommandResult result) {
    String etag = result instanceof CommandApplied applied ? applied.etag() : null;
    var spec =
        db.sql(
                """
                INSERT INTO processed_command
                  (command_id, user_id, event_id, outcome, result_etag, result_body)
                VALUES (:commandId, :userId, :eventId, :outcome, :etag, :body)
                ON CONFLICT (command_id) DO NOTHING
                """)
            .bind("commandId", result.commandId())
            .bind("userId", userId)
            .bind("eventId", result.eventId())
            .bind("outcome", result instanceof CommandApplied ? APPLIED : FAILED)
            .bind("body", ContractJson.toJson(result));
    spec = etag == null ? spec.bindNull("etag", String.class) : spec.bind("etag", etag);
    return spec.then();
  }

  private CommandResult read(String outcome, String body) {
    try {
      return APPLIED.equals(outcome)
          ? json.readValue(body, CommandApplied.class)
          : json.readValue(body, CommandFailed.class);
    } catch (JsonProcessingException e) {
      throw new ContractViolationException("stored result is not readable", e);
    }
  }
}
