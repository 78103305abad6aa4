package io.calsync.orchestrator.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.r2dbc.postgresql.codec.Json;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Writes {@code sync_history}. Callers run it inside the transaction of the effect it describes, so
 * the history never tells of something that did not happen.
 */
@Component
public class SyncHistory {

  private final DatabaseClient db;
  private final ObjectMapper json;

  SyncHistory(DatabaseClient db, ObjectMapper json) {
    this.db = db;
    this.json = json;
  }

  public Mono<Void> record(HistoryEntry entry) {
    var spec =
        db.sql(
                "INSERT INTO sync_history (id, user_id, occurred_at, direction, action, outcome,"
                    + " task_id, event_id, reason, detail, causation_id) VALUES (:id, :userId,"
                    + " clock_timestamp(), :direction, :action, :outcome, :taskId, :eventId,"
                    + " :reason, :detail, :causationId)")
            .bind("id", UUID.randomUUID())
            .bind("userId", entry.userId())
            .bind("direction", entry.direction().name())
            .bind("action", entry.action().name())
            .bind("outcome", entry.outcome().name())
            .bind("detail", Json.of(detail(entry)));
    spec = nullable(spec, "taskId", entry.taskId());
    spec = nullable(spec, "eventId", entry.eventId());
    spec = nullable(spec, "reason", entry.reason());
    spec = nullable(spec, "causationId", entry.causationId());
    return spec.then();
  }

  private String detail(HistoryEntry entry) {
    try {
      return json.writeValueAsString(entry.detail());
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("history detail is not serialisable", e);
    }
  }

  private static DatabaseClient.GenericExecuteSpec nullable(
      DatabaseClient.GenericExecuteSpec spec, String name, String value) {
    return value == null ? spec.bindNull(name, String.class) : spec.bind(name, value);
  }
}
