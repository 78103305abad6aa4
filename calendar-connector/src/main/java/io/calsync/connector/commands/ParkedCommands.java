package io.calsync.connector.commands;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.calsync.contracts.ContractJson;
import io.calsync.contracts.ContractViolationException;
import io.calsync.contracts.EventType;
import io.calsync.contracts.EventTypes;
import io.calsync.contracts.calendar.CalendarCommand;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Commands of users whose Google connection is lost ({@code parked_command}), in arrival order.
 *
 * <p>Deciding to park and picking the next parked command both run under the user's transaction
 * advisory lock (callers wrap them in a transaction), so a command arriving while the parked ones
 * are being applied is either parked behind them and picked up, or runs after the last was removed.
 */
@Component
class ParkedCommands {

  record Parked(long sequence, CalendarCommand command) {}

  private final DatabaseClient db;
  private final ObjectMapper json = ContractJson.newMapper();

  ParkedCommands(DatabaseClient db) {
    this.db = db;
  }

  /** Takes the user's advisory lock until the surrounding transaction ends. */
  Mono<Void> lockUser(String userId) {
    return db.sql("SELECT pg_advisory_xact_lock(hashtextextended(:userId, 0))")
        .bind("userId", userId)
        .then();
  }

  Mono<Boolean> anyFor(String userId) {
    return db.sql("SELECT EXISTS (SELECT 1 FROM parked_command WHERE user_id = :userId) AS parked")
        .bind("userId", userId)
        .map((row, metadata) -> Boolean.TRUE.equals(row.get("parked", Boolean.class)))
        .one();
  }

  /** Parks the command behind the user's others; parking it twice keeps its first place. */
  Mono<Void> park(CalendarCommand command) {
    return db.sql(
            """
            INSERT INTO parked_command (command_id, user_id, command_type, body)
            VALUES (:commandId, :userId, :type, :body)
            ON CONFLICT (command_id) DO NOTHING
            """)
        .bind("commandId", command.commandId())
        .bind("userId", command.userId())
        .bind("type", EventTypes.of(command).ceType())
        .bind("body", ContractJson.toJson(command))
        .then();
  }

  Mono<Parked> first(String userId) {
    return db.sql(
            """
            SELECT sequence, command_type, body FROM parked_command
            WHERE user_id = :userId ORDER BY sequence LIMIT 1
            """)
        .bind("userId", userId)
        .map(
            (row, metadata) ->
                new Parked(
                    row.get("sequence", Long.class),
                    read(row.get("command_type", String.class), row.get("body", String.class))))
        .one();
  }

  Mono<Void> remove(long sequence) {
    return db.sql("DELETE FROM parked_command WHERE sequence = :sequence")
        .bind("sequence", sequence)
        .then();
  }

  Mono<Long> dropAll(String userId) {
    return db.sql("DELETE FROM parked_command WHERE user_id = :userId")
        .bind("userId", userId)
        .fetch()
        .rowsUpdated();
  }

  private CalendarCommand read(String ceType, String body) {
    EventType<?> type =
        EventTypes.byCeType(ceType)
            .orElseThrow(() -> new ContractViolationException("unknown parked type " + ceType));
    try {
      return (CalendarCommand) json.readValue(body, type.bodyClass());
    } catch (JsonProcessingException e) {
      throw new ContractViolationException("parked command is not readable", e);
    }
  }
}
