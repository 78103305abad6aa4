package io.calsync.task.tasks;

import io.calsync.contracts.task.TaskStatus;
import io.r2dbc.spi.Readable;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * SQL for the {@code task} table. Every change is a single {@code UPDATE ... RETURNING} that checks
 * owner, liveness and (when given) the expected version, so it is atomic without a prior read, and
 * it takes the row lock that orders concurrent changes of one task until commit: the outbox row
 * written after it therefore gets a later {@code sequence} than the previous change's. {@code
 * updated_at} is {@code now()}, the transaction's start, which is also the {@code created_at} of
 * the outbox row written in the same transaction.
 */
@Repository
class TaskRepository {

  private static final String LIVE = " AND deleted_at IS NULL";

  private final DatabaseClient db;

  TaskRepository(DatabaseClient db) {
    this.db = db;
  }

  Mono<StoredTask> insert(UUID id, String owner, TaskDraft draft, String timeZone) {
    GenericExecuteSpec spec =
        db.sql(
                "INSERT INTO task (id, owner_user_id, title, description, due_date, due_time,"
                    + " time_zone, assignee_email, status)"
                    + " VALUES (:id, :owner, :title, :description, :dueDate, :dueTime, :timeZone,"
                    + " :assigneeEmail, :status) RETURNING *")
            .bind("id", id)
            .bind("owner", owner)
            .bind("timeZone", timeZone)
            .bind("status", (draft.status() == null ? TaskStatus.OPEN : draft.status()).name());
    return bindFields(spec, draft).map(TaskRepository::read).one();
  }

  /**
   * Inserts a task linked to a calendar event at version 1; empty when a task with this id exists
   * already (live, deleted or of another owner).
   */
  Mono<StoredTask> insertLinked(
      UUID id, String owner, TaskDraft draft, String calendarId, String eventId) {
    GenericExecuteSpec spec =
        db.sql(
                "INSERT INTO task (id, owner_user_id, title, description, due_date, due_time,"
                    + " time_zone, assignee_email, status, calendar_id, event_id)"
                    + " VALUES (:id, :owner, :title, :description, :dueDate, :dueTime, :timeZone,"
                    + " :assigneeEmail, :status, :calendarId, :eventId)"
                    + " ON CONFLICT (id) DO NOTHING RETURNING *")
            .bind("id", id)
            .bind("owner", owner)
            .bind("timeZone", draft.timeZone())
            .bind("status", TaskStatus.OPEN.name())
            .bind("calendarId", calendarId)
            .bind("eventId", eventId);
    return bindFields(spec, draft).map(TaskRepository::read).one();
  }

  /** The task (live or deleted) that keeps a link to this event, if any. */
  Mono<StoredTask> findByEvent(String owner, String calendarId, String eventId) {
    return db.sql(
            "SELECT * FROM task WHERE owner_user_id = :owner AND calendar_id = :calendarId"
                + " AND event_id = :eventId LIMIT 1")
        .bind("owner", owner)
        .bind("calendarId", calendarId)
        .bind("eventId", eventId)
        .map(TaskRepository::read)
        .one();
  }

  /** The task with this id whoever owns it, including tombstones. */
  Mono<StoredTask> findAnyOwner(UUID id) {
    return db.sql("SELECT * FROM task WHERE id = :id")
        .bind("id", id)
        .map(TaskRepository::read)
        .one();
  }

  /**
   * Writes the synchronised fields (status is kept) and the event link; empty when no live task of
   * the owner is at {@code expectedVersion}.
   */
  Mono<StoredTask> replaceFromEvent(
      String owner,
      UUID id,
      long expectedVersion,
      TaskDraft draft,
      String calendarId,
      String eventId) {
    GenericExecuteSpec spec =
        db.sql(
                "UPDATE task SET title = :title, description = :description, due_date = :dueDate,"
                    + " due_time = :dueTime, time_zone = :timeZone,"
                    + " assignee_email = :assigneeEmail, calendar_id = :calendarId,"
                    + " event_id = :eventId, unlinked_reason = NULL,"
                    + " version = version + 1, updated_at = clock_timestamp()"
                    + " WHERE id = :id AND owner_user_id = :owner"
                    + versionCondition(expectedVersion)
                    + LIVE
                    + " RETURNING *")
            .bind("id", id)
            .bind("owner", owner)
            .bind("timeZone", draft.timeZone())
            .bind("calendarId", calendarId)
            .bind("eventId", eventId);
    spec = bindVersion(spec, expectedVersion);
    return bindFields(spec, draft).map(TaskRepository::read).one();
  }

  /**
   * Records why the task lost its event and clears the link when it names that event (a link to
   * another event is newer and stays); empty when no live task of the owner matches.
   */
  Mono<StoredTask> unlink(String owner, UUID id, String eventId, String reason) {
    return db.sql(
            "UPDATE task SET"
                + " calendar_id = CASE WHEN event_id = :eventId THEN NULL ELSE calendar_id END,"
                + " event_id = CASE WHEN event_id = :eventId THEN NULL ELSE event_id END,"
                + " unlinked_reason = :reason,"
                + " version = version + 1, updated_at = clock_timestamp()"
                + " WHERE id = :id AND owner_user_id = :owner"
                + LIVE
                + " RETURNING *")
        .bind("id", id)
        .bind("owner", owner)
        .bind("eventId", eventId)
        .bind("reason", reason)
        .map(TaskRepository::read)
        .one();
  }

  /** The task including tombstones, so callers can tell "deleted" from "never existed". */
  Mono<StoredTask> find(String owner, UUID id) {
    return db.sql("SELECT * FROM task WHERE id = :id AND owner_user_id = :owner")
        .bind("id", id)
        .bind("owner", owner)
        .map(TaskRepository::read)
        .one();
  }

  /** Replaces the written fields; empty when no live task matches (owner, id, version if given). */
  Mono<StoredTask> replace(String owner, UUID id, Long expectedVersion, TaskDraft draft) {
    GenericExecuteSpec spec =
        db.sql(
                "UPDATE task SET title = :title, description = :description, due_date = :dueDate,"
                    + " due_time = :dueTime, time_zone = COALESCE(:timeZone, time_zone),"
                    + " assignee_email = :assigneeEmail, status = COALESCE(:status, status),"
                    + " version = version + 1, updated_at = clock_timestamp()"
                    + " WHERE id = :id AND owner_user_id = :owner"
                    + versionCondition(expectedVersion)
                    + LIVE
                    + " RETURNING *")
            .bind("id", id)
            .bind("owner", owner);
    spec = bindVersion(spec, expectedVersion);
    spec = bindNullable(spec, "timeZone", draft.timeZone(), String.class);
    spec =
        bindNullable(
            spec, "status", draft.status() == null ? null : draft.status().name(), String.class);
    return bindFields(spec, draft).map(TaskRepository::read).one();
  }

  /**
   * Sets the status; empty when no live task matches (owner, id, version if given) or the task has
   * that status already.
   */
  Mono<StoredTask> changeStatus(String owner, UUID id, Long expectedVersion, TaskStatus status) {
    GenericExecuteSpec spec =
        db.sql(
                "UPDATE task SET status = :status, version = version + 1, updated_at = clock_timestamp()"
                    + " WHERE id = :id AND owner_user_id = :owner AND status <> :status"
                    + versionCondition(expectedVersion)
                    + LIVE
                    + " RETURNING *")
            .bind("id", id)
            .bind("owner", owner)
            .bind("status", status.name());
    return bindVersion(spec, expectedVersion).map(TaskRepository::read).one();
  }

  /** Turns the task into a tombstone; empty when no live task matches (owner, id, version). */
  Mono<StoredTask> markDeleted(String owner, UUID id, Long expectedVersion) {
    GenericExecuteSpec spec =
        db.sql(
                "UPDATE task SET deleted_at = now(), version = version + 1, updated_at = clock_timestamp()"
                    + " WHERE id = :id AND owner_user_id = :owner"
                    + versionCondition(expectedVersion)
                    + LIVE
                    + " RETURNING *")
            .bind("id", id)
            .bind("owner", owner);
    return bindVersion(spec, expectedVersion).map(TaskRepository::read).one();
  }

  Flux<StoredTask> list(String owner, TaskQuery query) {
    StringBuilder sql = new StringBuilder("SELECT * FROM task WHERE owner_user_id = :owner" + LIVE);
    List<String> conditions = new ArrayList<>();
    if (query.status() != null) {
      conditions.add("status = :status");
    }
    if (query.dueFrom() != null) {
      conditions.add("due_date >= :dueFrom");
    }
    if (query.dueTo() != null) {
      conditions.add("due_date <= :dueTo");
    }
    if (query.after() != null) {
      conditions.add("(created_at, id) > (:afterCreatedAt, :afterId)");
    }
    conditions.forEach(condition -> sql.append(" AND ").append(condition));
    sql.append(" ORDER BY created_at, id LIMIT :limit");
    GenericExecuteSpec spec =
        db.sql(sql.toString()).bind("owner", owner).bind("limit", query.limit());
    if (query.status() != null) {
      spec = spec.bind("status", query.status().name());
    }
    if (query.dueFrom() != null) {
      spec = spec.bind("dueFrom", query.dueFrom());
    }
    if (query.dueTo() != null) {
      spec = spec.bind("dueTo", query.dueTo());
    }
    if (query.after() != null) {
      spec =
          spec.bind("afterCreatedAt", query.after().createdAt().atOffset(ZoneOffset.UTC))
              .bind("afterId", query.after().id());
    }
    return spec.map(TaskRepository::read).all();
  }

  private static String versionCondition(Long expectedVersion) {
    return expectedVersion == null ? "" : " AND version = :expected";
  }

  private static GenericExecuteSpec bindVersion(GenericExecuteSpec spec, Long expectedVersion) {
    return expectedVersion == null ? spec : spec.bind("expected", expectedVersion);
  }

  private static GenericExecuteSpec bindFields(GenericExecuteSpec spec, TaskDraft draft) {
    spec = spec.bind("title", draft.title());
    spec = bindNullable(spec, "description", draft.description(), String.class);
    spec = bindNullable(spec, "dueDate", draft.dueDate(), LocalDate.class);
    spec = bindNullable(spec, "dueTime", draft.dueTime(), LocalTime.class);
    return bindNullable(spec, "assigneeEmail", draft.assigneeEmail(), String.class);
  }

  private static <T> GenericExecuteSpec bindNullable(
      GenericExecuteSpec spec, String name, T value, Class<T> type) {
    return value == null ? spec.bindNull(name, type) : spec.bind(name, value);
  }

  private static StoredTask read(Readable row) {
    Task task =
        new Task(
            row.get("id", UUID.class),
            row.get("owner_user_id", String.class),
            row.get("title", String.class),
            row.get("description", String.class),
            row.get("due_date", LocalDate.class),
            row.get("due_time", LocalTime.class),
            row.get("time_zone", String.class),
            row.get("assignee_email", String.class),
            TaskStatus.valueOf(row.get("status", String.class)),
            row.get("version", Long.class),
            row.get("created_at", OffsetDateTime.class).toInstant(),
            row.get("updated_at", OffsetDateTime.class).toInstant(),
            row.get("calendar_id", String.class),
            row.get("event_id", String.class),
            row.get("unlinked_reason", String.class));
    return new StoredTask(task, row.get("deleted_at", OffsetDateTime.class) != null);
  }

  /** A row of the table: the task and whether it is a tombstone. */
  record StoredTask(Task task, boolean deleted) {}
}
