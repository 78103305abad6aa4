package io.calsync.orchestrator.link;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.calsync.contracts.ContractJson;
import io.calsync.contracts.task.TaskDeleted;
import io.calsync.contracts.task.TaskEvent;
import io.calsync.contracts.task.TaskUpdated;
import io.calsync.orchestrator.db.Sql;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** {@code task_state}: the latest snapshot and version of every task seen. */
@Component
public class TaskStateRepository {

  private static final ObjectMapper JSON = ContractJson.newMapper();

  private final DatabaseClient db;

  TaskStateRepository(DatabaseClient db) {
    this.db = db;
  }

  /**
   * Stores {@code task} as the latest snapshot if its version is newer than the one stored; the
   * version check of the idempotent consumer.
   *
   * @return true when stored, false for a duplicate or stale version
   */
  public Mono<Boolean> advance(TaskEvent task) {
    var spec =
        db.sql(
                "INSERT INTO task_state (user_id, task_id, version, deleted, snapshot)"
                    + " VALUES (:userId, :taskId, :version, :deleted, :snapshot)"
                    + " ON CONFLICT (user_id, task_id) DO UPDATE SET version = EXCLUDED.version,"
                    + " deleted = EXCLUDED.deleted, snapshot = EXCLUDED.snapshot,"
                    + " received_at = now() WHERE task_state.version < EXCLUDED.version")
            .bind("userId", task.userId())
            .bind("taskId", task.taskId())
            .bind("version", task.version())
            .bind("deleted", task instanceof TaskDeleted);
    return Sql.bindJson(spec, "snapshot", ContractJson.toJson(task))
        .fetch()
        .rowsUpdated()
        .map(rows -> rows == 1);
  }

  /**
   * The user's tasks whose latest version is not in Google: never linked and not deleted, or newer
   * than the version Google is known to hold ({@code applied_task_version}: sent is not enough, the
   * connector may have refused it). A deletion counts only while the event exists; a task whose
   * event was deleted in Google is unlinked for good.
   */
  public Flux<TaskEvent> outOfSync(String userId) {
    return db.sql(
            "SELECT t.snapshot, t.deleted FROM task_state t LEFT JOIN link l"
                + " ON l.user_id = t.user_id AND l.task_id = t.task_id"
                + " WHERE t.user_id = :userId AND COALESCE(l.applied_task_version, 0) < t.version"
                + " AND (l.state = 'ACTIVE' OR NOT t.deleted)"
                + " AND l.deleted_by IS DISTINCT FROM 'EVENT'"
                + " ORDER BY t.received_at, t.task_id")
        .bind("userId", userId)
        .map(row -> read(Sql.json(row.get("snapshot")), Boolean.TRUE.equals(row.get("deleted"))))
        .all();
  }

  /** The latest snapshot of a task, a {@code TaskDeleted} when its last event was a deletion. */
  public Mono<TaskEvent> find(String userId, String taskId) {
    return db.sql(
            "SELECT snapshot, deleted FROM task_state WHERE user_id = :userId AND task_id = :taskId")
        .bind("userId", userId)
        .bind("taskId", taskId)
        .map(row -> read(Sql.json(row.get("snapshot")), Boolean.TRUE.equals(row.get("deleted"))))
        .one();
  }

  private static TaskEvent read(String snapshot, boolean deleted) {
    try {
      // The three task event types share one body; the flag tells which one it was.
      return deleted
          ? JSON.readValue(snapshot, TaskDeleted.class)
          : JSON.readValue(snapshot, TaskUpdated.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("unreadable task snapshot in task_state", e);
    }
  }
}
