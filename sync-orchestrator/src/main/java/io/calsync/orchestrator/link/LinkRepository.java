package io.calsync.orchestrator.link;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.calsync.contracts.ContractJson;
import io.calsync.contracts.calendar.EventChanged;
import io.calsync.orchestrator.db.Sql;
import io.calsync.orchestrator.merge.SyncFields;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * {@code link}: loads and saves the {@link Link} aggregate, whose transitions are the only changes
 * of a link. A save is optimistic: it changes the row only at the {@code row_version} the link was
 * loaded with, else it fails with {@link OptimisticLockingFailureException}, which rolls the
 * record's transaction back so that it is handled again (retried, not dead-lettered) on the row as
 * it is now.
 */
@Component
public class LinkRepository {

  private static final ObjectMapper JSON = ContractJson.newMapper();
  private static final String COLUMNS =
      "SELECT id, row_version, user_id, task_id, calendar_id, event_id, state, deleted_by,"
          + " task_snapshot, task_version, task_updated_at, applied_task_version, event_etag,"
          + " event_updated, event_snapshot, base_fields, task_changed_at FROM link";

  private final DatabaseClient db;

  LinkRepository(DatabaseClient db) {
    this.db = db;
  }

  /** The link of a task. */
  public Mono<Link> findByTask(String userId, String taskId) {
    return db.sql(COLUMNS + " WHERE user_id = :userId AND task_id = :taskId")
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
    return db.sql(COLUMNS + " WHERE user_id = :userId AND event_id = :eventId LIMIT 1")
        .bind("userId", userId)
        .bind("eventId", eventId)
        .map(LinkRepository::link)
        .one();
  }

  /**
   * The tombstone of an event deleted in Google, whichever task it names ({@link Link#claimedBy}).
   */
  public Mono<Link> findEventTombstone(String userId, String eventId) {
    return db.sql(
            COLUMNS
                + " WHERE user_id = :userId AND event_id = :eventId AND state = 'DELETED'"
                + " AND deleted_by = 'EVENT' LIMIT 1")
        .bind("userId", userId)
        .bind("eventId", eventId)
        .map(LinkRepository::link)
        .one();
  }

  /** Every link of the user, by task id. */
  public Mono<List<Link>> findByUser(String userId) {
    return db.sql(COLUMNS + " WHERE user_id = :userId")
        .bind("userId", userId)
        .map(LinkRepository::link)
        .all()
        .sort(Comparator.comparing(Link::taskId))
        .collectList();
  }

  /** Inserts a new link, or updates a loaded one at the row version it was loaded with. */
  public Mono<Void> save(Link link) {
    GenericExecuteSpec spec =
        link.rowVersion() == null
            ? db.sql(
                    "INSERT INTO link (id, user_id, task_id, calendar_id, event_id, state,"
                        + " deleted_by, task_snapshot, task_version, task_updated_at,"
                        + " applied_task_version, event_etag, event_updated, event_snapshot,"
                        + " base_fields, task_changed_at) VALUES (:id, :userId, :taskId,"
                        + " :calendarId, :eventId, :state, :deletedBy, :taskSnapshot,"
                        + " :taskVersion, :taskUpdatedAt, :appliedTaskVersion, :etag, :updated,"
                        + " :eventSnapshot, :base, :taskChangedAt)")
                .bind("userId", link.userId())
                .bind("calendarId", link.calendarId())
                .bind("eventId", link.eventId())
            : db.sql(
                    "UPDATE link SET task_id = :taskId, state = :state, deleted_by = :deletedBy,"
                        + " task_snapshot = :taskSnapshot, task_version = :taskVersion,"
                        + " task_updated_at = :taskUpdatedAt,"
                        + " applied_task_version = :appliedTaskVersion, event_etag = :etag,"
                        + " event_updated = :updated, event_snapshot = :eventSnapshot,"
                        + " base_fields = :base, task_changed_at = :taskChangedAt,"
                        + " updated_at = now(), row_version = row_version + 1"
                        + " WHERE id = :id AND row_version = :rowVersion")
                .bind("rowVersion", link.rowVersion());
    spec =
        spec.bind("id", link.id()).bind("taskId", link.taskId()).bind("state", link.state().name());
    spec =
        Sql.bindNullable(
            spec,
            "deletedBy",
            link.deletedBy() == null ? null : link.deletedBy().name(),
            String.class);
    spec = Sql.bindJson(spec, "taskSnapshot", link.taskSnapshot());
    spec = Sql.bindNullable(spec, "taskVersion", link.taskVersion(), Long.class);
    spec = Sql.bindNullable(spec, "taskUpdatedAt", utc(link.taskUpdatedAt()), OffsetDateTime.class);
    spec = Sql.bindNullable(spec, "appliedTaskVersion", link.appliedTaskVersion(), Long.class);
    spec = Sql.bindNullable(spec, "etag", link.eventEtag(), String.class);
    spec = Sql.bindNullable(spec, "updated", utc(link.eventUpdated()), OffsetDateTime.class);
    spec =
        Sql.bindJson(
            spec, "eventSnapshot", link.event() == null ? null : ContractJson.toJson(link.event()));
    spec = Sql.bindJson(spec, "base", link.base() == null ? null : write(link.base()));
    spec = Sql.bindNullable(spec, "taskChangedAt", utc(link.taskChangedAt()), OffsetDateTime.class);
    return spec.fetch().rowsUpdated().flatMap(rows -> changed(rows, link));
  }

  /** Removes a loaded link, at the row version it was loaded with. */
  public Mono<Void> delete(Link link) {
    return db.sql("DELETE FROM link WHERE id = :id AND row_version = :rowVersion")
        .bind("id", link.id())
        .bind("rowVersion", link.rowVersion())
        .fetch()
        .rowsUpdated()
        .flatMap(rows -> changed(rows, link));
  }

  private static Mono<Void> changed(long rows, Link link) {
    return rows == 1
        ? Mono.empty()
        : Mono.error(
            new OptimisticLockingFailureException(
                "link of task " + link.taskId() + " changed since it was loaded"));
  }

  private static Link link(Readable row) {
    String deletedBy = row.get("deleted_by", String.class);
    String snapshot = Sql.json(row.get("event_snapshot"));
    String base = Sql.json(row.get("base_fields"));
    return new Link(
        row.get("id", UUID.class),
        row.get("row_version", Long.class),
        row.get("user_id", String.class),
        row.get("task_id", String.class),
        row.get("calendar_id", String.class),
        row.get("event_id", String.class),
        Link.State.valueOf(row.get("state", String.class)),
        deletedBy == null ? null : Link.DeletedBy.valueOf(deletedBy),
        Sql.json(row.get("task_snapshot")),
        row.get("task_version", Long.class),
        instant(row.get("task_updated_at", OffsetDateTime.class)),
        row.get("applied_task_version", Long.class),
        row.get("event_etag", String.class),
        instant(row.get("event_updated", OffsetDateTime.class)),
        snapshot == null ? null : read(snapshot, EventChanged.class),
        base == null ? null : read(base, SyncFields.class),
        instant(row.get("task_changed_at", OffsetDateTime.class)));
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

  private static Instant instant(OffsetDateTime time) {
    return time == null ? null : time.toInstant();
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
  }
}
