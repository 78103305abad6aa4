package io.calsync.orchestrator.sync;

import io.calsync.contracts.ContractJson;
import io.calsync.contracts.task.TaskEvent;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** {@code link}: a task and its Google event, with what was last pushed and reported. */
@Component
class LinkRepository {

  private final DatabaseClient db;

  LinkRepository(DatabaseClient db) {
    this.db = db;
  }

  Mono<LinkState> find(String userId, String taskId) {
    return db.sql(
            "SELECT calendar_id, event_id, event_etag, state, task_version FROM link"
                + " WHERE user_id = :userId AND task_id = :taskId")
        .bind("userId", userId)
        .bind("taskId", taskId)
        .map(
            row ->
                new LinkState(
                    row.get("calendar_id", String.class),
                    row.get("event_id", String.class),
                    row.get("event_etag", String.class),
                    "ACTIVE".equals(row.get("state", String.class)),
                    row.get("task_version", Long.class) == null
                        ? 0
                        : row.get("task_version", Long.class)))
        .one();
  }

  /**
   * Records that {@code task} was pushed as an upsert of {@code eventId}: creates the link or
   * (re)activates it. A reactivated link forgets the etag of the event it deleted, so the next
   * write is an insert (adopting the event on 409) rather than a conditional update.
   */
  Mono<Void> pushedUpsert(TaskEvent task, String calendarId, String eventId) {
    var spec =
        db.sql(
                "INSERT INTO link (id, user_id, task_id, calendar_id, event_id, task_snapshot,"
                    + " task_version, task_updated_at, state)"
                    + " VALUES (:id, :userId, :taskId, :calendarId, :eventId, :snapshot,"
                    + " :version, :updatedAt, 'ACTIVE')"
                    + " ON CONFLICT (user_id, task_id) DO UPDATE SET"
                    + " task_snapshot = EXCLUDED.task_snapshot,"
                    + " task_version = EXCLUDED.task_version,"
                    + " task_updated_at = EXCLUDED.task_updated_at,"
                    + " event_etag = CASE WHEN link.state = 'ACTIVE' THEN link.event_etag END,"
                    + " state = 'ACTIVE', updated_at = now(), row_version = link.row_version + 1")
            .bind("id", UUID.randomUUID())
            .bind("userId", task.userId())
            .bind("taskId", task.taskId())
            .bind("calendarId", calendarId)
            .bind("eventId", eventId)
            .bind("version", task.version())
            .bind("updatedAt", utc(task.updatedAt()));
    return Sql.bindJson(spec, "snapshot", ContractJson.toJson(task)).then();
  }

  /** Records that the event of {@code task} is being removed; the row stays as a tombstone. */
  Mono<Void> pushedDelete(TaskEvent task) {
    var spec =
        db.sql(
                "UPDATE link SET state = 'DELETED', task_snapshot = :snapshot,"
                    + " task_version = :version, task_updated_at = :updatedAt,"
                    + " updated_at = now(), row_version = row_version + 1"
                    + " WHERE user_id = :userId AND task_id = :taskId")
            .bind("userId", task.userId())
            .bind("taskId", task.taskId())
            .bind("version", task.version())
            .bind("updatedAt", utc(task.updatedAt()));
    return Sql.bindJson(spec, "snapshot", ContractJson.toJson(task)).then();
  }

  /**
   * Stores what Google answered to an upsert: the new etag (the {@code If-Match} of the next
   * update, and later the mark of our own write for echo suppression), {@code updated} and the
   * event as written. Ignored when the link was deactivated meanwhile.
   */
  Mono<Void> upsertApplied(
      String userId, String taskId, String etag, Instant updated, String eventSnapshot) {
    var spec =
        db.sql(
                "UPDATE link SET event_etag = :etag, event_updated = :updated,"
                    + " event_snapshot = COALESCE(:snapshot, event_snapshot),"
                    + " updated_at = now(), row_version = row_version + 1"
                    + " WHERE user_id = :userId AND task_id = :taskId AND state = 'ACTIVE'")
            .bind("userId", userId)
            .bind("taskId", taskId);
    spec = Sql.bindNullable(spec, "etag", etag, String.class);
    spec =
        Sql.bindNullable(
            spec, "updated", updated == null ? null : utc(updated), OffsetDateTime.class);
    return Sql.bindJson(spec, "snapshot", eventSnapshot).then();
  }

  /** The event of a deactivated link is gone: nothing of it is worth keeping. */
  Mono<Void> deleteApplied(String userId, String taskId) {
    return db.sql(
            "UPDATE link SET event_etag = NULL, event_updated = NULL, event_snapshot = NULL,"
                + " updated_at = now(), row_version = row_version + 1"
                + " WHERE user_id = :userId AND task_id = :taskId AND state = 'DELETED'")
        .bind("userId", userId)
        .bind("taskId", taskId)
        .then();
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
