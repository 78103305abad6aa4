package io.calsync.connector.commands;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.calsync.contracts.ContractJson;
import io.calsync.contracts.ContractViolationException;
import io.calsync.contracts.EventType;
import io.calsync.contracts.EventTypes;
import io.calsync.contracts.calendar.CalendarCommand;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Commands that wait ({@code parked_command}), per user in arrival order: because the user's Google
 * connection is lost, or because Google or token-service was down for longer than the retries last
 * (see {@link ParkReason}). All of a user's parked commands carry one reason, that of the oldest.
 *
 * <p>Deciding to park and picking the next parked command both run under the user's transaction
 * advisory lock (callers wrap them in a transaction), so a command arriving while the parked ones
 * are being applied is either parked behind them and picked up, or runs after the last was removed.
 */
@Component
class ParkedCommands {

  record Parked(long sequence, CalendarCommand command, ParkReason reason) {}

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

  /**
   * Parks the command behind the user's others, taking over their reason ({@code reason} when it is
   * the first); parking it twice keeps its first place.
   */
  Mono<Void> park(CalendarCommand command, ParkReason reason) {
    return db.sql(
            """
            INSERT INTO parked_command (command_id, user_id, command_type, body, reason)
            VALUES (:commandId, :userId, :type, :body, COALESCE(
              (SELECT reason FROM parked_command WHERE user_id = :userId
               ORDER BY sequence LIMIT 1), :reason))
            ON CONFLICT (command_id) DO NOTHING
            """)
        .bind("commandId", command.commandId())
        .bind("userId", command.userId())
        .bind("type", EventTypes.of(command).ceType())
        .bind("body", ContractJson.toJson(command))
        .bind("reason", reason.name())
        .then();
  }

  /** The user's whole queue now waits for {@code reason}. */
  Mono<Long> markUser(String userId, ParkReason reason) {
    return db.sql(
            "UPDATE parked_command SET reason = :reason WHERE user_id = :userId"
                + " AND reason <> :reason")
        .bind("reason", reason.name())
        .bind("userId", userId)
        .fetch()
        .rowsUpdated();
  }

  /** The users whose oldest parked command waits for the end of an outage. */
  Flux<String> usersWaitingForOutage() {
    return db.sql(
            """
            SELECT user_id FROM (
              SELECT DISTINCT ON (user_id) user_id, reason FROM parked_command
              ORDER BY user_id, sequence) oldest
            WHERE reason = :reason
            """)
        .bind("reason", ParkReason.OUTAGE.name())
        .map((row, metadata) -> row.get("user_id", String.class))
        .all();
  }

  Mono<Map<ParkReason, Long>> countByReason() {
    return db.sql("SELECT reason, count(*) AS parked FROM parked_command GROUP BY reason")
        .map(
            (row, metadata) ->
                Map.entry(
                    ParkReason.valueOf(row.get("reason", String.class)),
                    row.get("parked", Long.class)))
        .all()
        .collectMap(Map.Entry::getKey, Map.Entry::getValue);
  }

  Mono<Parked> first(String userId) {
    return db.sql(
            """
            SELECT sequence, command_type, body, reason FROM parked_command
            WHERE user_id = :userId ORDER BY sequence LIMIT 1
            """)
        .bind("userId", userId)
        .map(
            (row, metadata) ->
                new Parked(
                    row.get("sequence", Long.class),
                    read(row.get("command_type", String.class), row.get("body", String.class)),
                    ParkReason.valueOf(row.get("reason", String.class))))
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
