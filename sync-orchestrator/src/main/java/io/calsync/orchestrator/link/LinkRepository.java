package io.calsync.orchestrator.link;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.calsync.contracts.ContractJson;
import io.calsync.contracts.calendar.EventChanged;
import io.calsync.contracts.task.TaskEvent;
import io.calsync.orchestrator.db.Sql;
import io.calsync.orchestrator.merge.SyncFields;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** {@code link}: a task and its Google event, with what was last pushed and reported. */
@Component
public class LinkRepository {

  private static final ObjectMapper JSON = ContractJson.newMapper();
  private static final String LINK_COLUMNS =
      "SELECT user_id, task_id, calendar_id, event_id, state, deleted_by, event_etag,"
          + " event_updated, event_snapshot, base_fields, task_changed_at FROM link";

  private final DatabaseClient db;

  LinkRepository(DatabaseClient db) {
    this.db = db;
  }

  public Mono<LinkState> find(String userId, String taskId) {
    return db.sql(
            "SELECT calendar_id, event_id, event_etag, state, task_version, applied_task_version,"
                + " event_snapshot FROM link WHERE user_id = :userId AND task_id = :taskId")
        .bind("userId", userId)
        .bind("taskId", taskId)
        .map(
            row -> {
              String snapshot = Sql.json(row.get("event_snapshot"));
              return new LinkState(
                  row.get("calendar_id", String.class),
                  row.get("event_id", String.class),
                  row.get("event_etag", String.class),
                  "ACTIVE".equals(row.get("state", String.class)),
                  zeroIfNull(row.get("task_version", Long.class)),
                  zeroIfNull(row.get("applied_task_version", Long.class)),
                  snapshot == null ? null : read(snapshot, EventChanged.class));
            })
        .one();
  }

  /**
   * Records that {@code task} was sent as an upsert of {@code eventId}: creates the link or
   * (re)activates it. The version counts as sent, not as in Google ({@link #delivered}). A
   * reactivated link forgets the etag of the event it deleted, so the next write is an insert
   * (adopting the event on 409) rather than a conditional update.
   */
  public Mono<Void> pushedUpsert(TaskEvent task, String calendarId, String eventId) {
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
                    + " state = 'ACTIVE', deleted_by = NULL, updated_at = now(),"
                    + " row_version = link.row_version + 1")
            .bind("id", UUID.randomUUID())
            .bind("userId", task.userId())
            .bind("taskId", task.taskId())
            .bind("calendarId", calendarId)
            .bind("eventId", eventId)
            .bind("version", task.version())
            .bind("updatedAt", utc(task.updatedAt()));
    return Sql.bindJson(spec, "snapshot", ContractJson.toJson(task)).then();
  }

  /**
   * Records that the event of {@code task} is being removed; the row stays as a tombstone. Sent,
   * not done: {@link #removalRefused} undoes it when the connector could not remove the event.
   */
  public Mono<Void> pushedDelete(TaskEvent task) {
    var spec =
        db.sql(
                "UPDATE link SET state = 'DELETED', deleted_by = 'TASK', task_snapshot = :snapshot,"
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
   * event as written. Ignored when the link was deactivated meanwhile, or already knows a newer
   * event version (a Google edit after our write).
   */
  public Mono<Void> upsertApplied(
      String userId, String taskId, String etag, Instant updated, String eventSnapshot) {
    var spec =
        db.sql(
                "UPDATE link SET event_etag = :etag, event_updated = :updated,"
                    + " event_snapshot = COALESCE(:snapshot, event_snapshot),"
                    + " updated_at = now(), row_version = row_version + 1"
                    + " WHERE user_id = :userId AND task_id = :taskId AND state = 'ACTIVE'"
                    // A Google edit made after our write, seen while the write was in flight, stays
                    // (on a tie of `updated` too: an older version cannot share it, since our
                    // write's If-Match would then have failed).
                    + " AND (event_updated IS NULL OR :updated IS NULL OR event_updated < :updated"
                    + " OR event_etag IS NULL OR event_etag = :etag)")
            .bind("userId", userId)
            .bind("taskId", taskId);
    spec = Sql.bindNullable(spec, "etag", etag, String.class);
    spec =
        Sql.bindNullable(
            spec, "updated", updated == null ? null : utc(updated), OffsetDateTime.class);
    return Sql.bindJson(spec, "snapshot", eventSnapshot).then();
  }

  /** The event of a deactivated link is gone: nothing of it is worth keeping. */
  public Mono<Void> deleteApplied(String userId, String taskId) {
    return db.sql(
            "UPDATE link SET event_etag = NULL, event_updated = NULL, event_snapshot = NULL,"
                + " updated_at = now(), row_version = row_version + 1"
                + " WHERE user_id = :userId AND task_id = :taskId AND state = 'DELETED'")
        .bind("userId", userId)
        .bind("taskId", taskId)
        .then();
  }

  /**
   * Google holds the task at {@code taskVersion}: a command carrying it was applied. Never moves
   * back, since results of older commands may arrive late.
   */
  public Mono<Void> delivered(String userId, String taskId, long taskVersion) {
    return db.sql(
            "UPDATE link SET applied_task_version = GREATEST(applied_task_version, :version),"
                + " updated_at = now(), row_version = row_version + 1"
                + " WHERE user_id = :userId AND task_id = :taskId")
        .bind("userId", userId)
        .bind("taskId", taskId)
        .bind("version", taskVersion)
        .then();
  }

  /**
   * The connector could not remove the event (not connected, or a failure that may pass): the event
   * is still there, so the link is active again and the catch-up sends the removal again. Only
   * while the refused command (at {@code commandSequence}) is the latest one sent for the task.
   */
  public Mono<Void> removalRefused(String userId, String taskId, long commandSequence) {
    return db.sql(
            "UPDATE link SET state = 'ACTIVE', deleted_by = NULL, updated_at = now(),"
                + " row_version = row_version + 1"
                + " WHERE user_id = :userId AND task_id = :taskId"
                + " AND state = 'DELETED' AND deleted_by = 'TASK'"
                + " AND NOT EXISTS (SELECT 1 FROM calendar_command c WHERE c.user_id = :userId"
                + " AND c.task_id = :taskId AND c.sequence > :sequence)")
        .bind("userId", userId)
        .bind("taskId", taskId)
        .bind("sequence", commandSequence)
        .then();
  }

  /** The link of a task, in the shape the merge needs. */
  public Mono<Link> findByTask(String userId, String taskId) {
    return db.sql(LINK_COLUMNS + " WHERE user_id = :userId AND task_id = :taskId")
        .bind("userId", userId)
        .bind("taskId", taskId)
        .map(LinkRepository::link)
        .one();
  }

  /**
   * The link of an event. By event id alone: only the primary calendar is synchronised, and it is
   * known both as {@code primary} and as the account's address.
   */
  public Mono<Link> findByEvent(String userId, String eventId) {
    return db.sql(LINK_COLUMNS + " WHERE user_id = :userId AND event_id = :eventId LIMIT 1")
        .bind("userId", userId)
        .bind("eventId", eventId)
        .map(LinkRepository::link)
        .one();
  }

  /**
   * Creates a link from an event: {@code PENDING} while its task is being created, {@code ACTIVE}
   * when rebuilt for a task that exists, {@code DELETED} (by the event) as a tombstone. Keeps an
   * existing row of the task.
   */
  public Mono<Void> insertFromEvent(
      String taskId, EventChanged event, String state, SyncFields base, Instant taskChangedAt) {
    var spec =
        db.sql(
                "INSERT INTO link (id, user_id, task_id, calendar_id, event_id, event_etag,"
                    + " event_updated, event_snapshot, base_fields, task_changed_at, state,"
                    + " deleted_by) VALUES (:id, :userId, :taskId, :calendarId, :eventId, :etag,"
                    + " :updated, :snapshot, :base, :taskChangedAt, :state, :deletedBy)"
                    + " ON CONFLICT DO NOTHING")
            .bind("id", UUID.randomUUID())
            .bind("userId", event.userId())
            .bind("taskId", taskId)
            .bind("calendarId", event.calendarId())
            .bind("eventId", event.eventId())
            .bind("state", state);
    spec = Sql.bindNullable(spec, "etag", event.etag(), String.class);
    spec = Sql.bindNullable(spec, "updated", utcOrNull(event.updated()), OffsetDateTime.class);
    spec = Sql.bindNullable(spec, "taskChangedAt", utcOrNull(taskChangedAt), OffsetDateTime.class);
    spec =
        Sql.bindNullable(
            spec, "deletedBy", Link.DELETED.equals(state) ? Link.BY_EVENT : null, String.class);
    spec = Sql.bindJson(spec, "base", base == null ? null : write(base));
    return Sql.bindJson(spec, "snapshot", ContractJson.toJson(event)).then();
  }

  /** The latest version of the link's event (its etag marks it as seen). */
  public Mono<Void> eventSeen(Link link, EventChanged event) {
    var spec =
        db.sql(
                "UPDATE link SET event_etag = :etag, event_updated = :updated,"
                    + " event_snapshot = :snapshot, updated_at = now(),"
                    + " row_version = row_version + 1"
                    + " WHERE user_id = :userId AND task_id = :taskId")
            .bind("userId", link.userId())
            .bind("taskId", link.taskId());
    spec = Sql.bindNullable(spec, "etag", event.etag(), String.class);
    spec = Sql.bindNullable(spec, "updated", utcOrNull(event.updated()), OffsetDateTime.class);
    return Sql.bindJson(spec, "snapshot", ContractJson.toJson(event)).then();
  }

  /** Both sides hold {@code base}: the next merge starts from it. */
  public Mono<Void> agreed(String userId, String taskId, SyncFields base) {
    return agreed(userId, taskId, base, null);
  }

  /**
   * Both sides hold {@code base}, the task at {@code taskVersion} (nullable): a later connect need
   * not push that version again, and Google holds it.
   */
  public Mono<Void> agreed(String userId, String taskId, SyncFields base, Long taskVersion) {
    var spec =
        db.sql(
                "UPDATE link SET base_fields = :base,"
                    + " task_version = GREATEST(task_version, :version),"
                    + " applied_task_version = GREATEST(applied_task_version, :version),"
                    + " updated_at = now(),"
                    + " row_version = row_version + 1"
                    + " WHERE user_id = :userId AND task_id = :taskId")
            .bind("userId", userId)
            .bind("taskId", taskId);
    spec = Sql.bindNullable(spec, "version", taskVersion, Long.class);
    return Sql.bindJson(spec, "base", write(base)).then();
  }

  /**
   * The task was reported: a {@code PENDING} link becomes {@code ACTIVE}; a change by a CRM user
   * (not by CalSync) moves the task side's change time.
   */
  public Mono<Void> taskSeen(TaskEvent task, boolean byCalSync) {
    var spec =
        db.sql(
                "UPDATE link SET state = CASE WHEN state = 'PENDING' THEN 'ACTIVE' ELSE state END,"
                    + " task_changed_at = CASE WHEN :byCalSync THEN task_changed_at"
                    + " ELSE :updatedAt END, updated_at = now(), row_version = row_version + 1"
                    + " WHERE user_id = :userId AND task_id = :taskId")
            .bind("userId", task.userId())
            .bind("taskId", task.taskId())
            .bind("byCalSync", byCalSync)
            .bind("updatedAt", utc(task.updatedAt()));
    return spec.then();
  }

  /**
   * Gives the task the tombstone of its event (the one with the task's deterministic id), when the
   * tombstone was recorded before the task was seen: a cancellation that carries only the event id
   * names the task derived from the event, not the task. That happens when a replay from the start
   * or a restored database handles the deletion in Google before the task event, the two topics not
   * being ordered against each other. Without it, the task's first push would collide with the
   * tombstone on {@code link_event_uk} and bring the deleted event back.
   *
   * @return whether the task now has its event's tombstone
   */
  public Mono<Boolean> claimEventTombstone(String userId, String taskId, String eventId) {
    return db.sql(
            "UPDATE link SET task_id = :taskId, updated_at = now(), row_version = row_version + 1"
                + " WHERE user_id = :userId AND event_id = :eventId AND state = 'DELETED'"
                + " AND deleted_by = 'EVENT' AND task_id <> :taskId"
                + " AND NOT EXISTS (SELECT 1 FROM link t WHERE t.user_id = :userId"
                + " AND t.task_id = :taskId)")
        .bind("userId", userId)
        .bind("taskId", taskId)
        .bind("eventId", eventId)
        .fetch()
        .rowsUpdated()
        .map(rows -> rows > 0);
  }

  /**
   * The user connected another Google account: closes the links to the previous account's calendar,
   * which CalSync can no longer read or write. Active and pending links and the tombstones of
   * deleted tasks are removed, so that each task is pushed to the new calendar as a new event and
   * that calendar's events are new to CalSync. Tombstones of events deleted in Google stay: the
   * user took those tasks out of the sync, whichever account they use.
   *
   * @return the links closed, collected: the caller records each of them
   */
  public Mono<List<ClosedLink>> closeForAccountChange(String userId) {
    return db.sql(
            "DELETE FROM link WHERE user_id = :userId"
                + " AND NOT (state = 'DELETED' AND deleted_by IS NOT DISTINCT FROM 'EVENT')"
                + " RETURNING task_id, calendar_id, event_id, state")
        .bind("userId", userId)
        .map(
            row ->
                new ClosedLink(
                    row.get("task_id", String.class),
                    row.get("calendar_id", String.class),
                    row.get("event_id", String.class),
                    row.get("state", String.class)))
        .all()
        .sort(Comparator.comparing(ClosedLink::taskId))
        .collectList();
  }

  /** A link removed by {@link #closeForAccountChange}, as it was. */
  public record ClosedLink(String taskId, String calendarId, String eventId, String state) {}

  /** The event was deleted in Google: the link becomes a tombstone that nothing revives. */
  public Mono<Void> deletedByEvent(Link link, EventChanged event) {
    var spec =
        db.sql(
                "UPDATE link SET state = 'DELETED', deleted_by = 'EVENT', event_etag = :etag,"
                    + " event_updated = :updated, updated_at = now(),"
                    + " row_version = row_version + 1"
                    + " WHERE user_id = :userId AND task_id = :taskId")
            .bind("userId", link.userId())
            .bind("taskId", link.taskId());
    spec = Sql.bindNullable(spec, "etag", event.etag(), String.class);
    return Sql.bindNullable(spec, "updated", utcOrNull(event.updated()), OffsetDateTime.class)
        .then();
  }

  /**
   * Google refused a write with 412: what the orchestrator believed about the event is stale. The
   * fresh {@code EventChanged} the connector publishes is then merged rather than taken for an
   * echo.
   */
  public Mono<Void> eventStale(String userId, String taskId) {
    return db.sql(
            "UPDATE link SET event_etag = NULL, event_snapshot = NULL, updated_at = now(),"
                + " row_version = row_version + 1"
                + " WHERE user_id = :userId AND task_id = :taskId AND state = 'ACTIVE'")
        .bind("userId", userId)
        .bind("taskId", taskId)
        .then();
  }

  private static Link link(Readable row) {
    OffsetDateTime eventUpdated = row.get("event_updated", OffsetDateTime.class);
    OffsetDateTime taskChangedAt = row.get("task_changed_at", OffsetDateTime.class);
    String snapshot = Sql.json(row.get("event_snapshot"));
    String base = Sql.json(row.get("base_fields"));
    return new Link(
        row.get("user_id", String.class),
        row.get("task_id", String.class),
        row.get("calendar_id", String.class),
        row.get("event_id", String.class),
        row.get("state", String.class),
        row.get("deleted_by", String.class),
        row.get("event_etag", String.class),
        eventUpdated == null ? null : eventUpdated.toInstant(),
        snapshot == null ? null : read(snapshot, EventChanged.class),
        base == null ? null : read(base, SyncFields.class),
        taskChangedAt == null ? null : taskChangedAt.toInstant());
  }

  private static String write(SyncFields fields) {
    try {
      return JSON.writeValueAsString(fields);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("fields not serialisable", e);
    }
  }

  private static <T> T read(String json, Class<T> type) {
    try {
      return JSON.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("unreadable " + type.getSimpleName() + " in link", e);
    }
  }

  private static long zeroIfNull(Long value) {
    return value == null ? 0 : value;
  }

  private static OffsetDateTime utcOrNull(Instant instant) {
    return instant == null ? null : utc(instant);
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
