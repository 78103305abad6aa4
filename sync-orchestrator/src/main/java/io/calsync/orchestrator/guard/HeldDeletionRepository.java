package io.calsync.orchestrator.guard;

import io.calsync.orchestrator.db.Sql;
import io.calsync.orchestrator.guard.HeldDeletion.SnapshotKind;
import io.calsync.orchestrator.guard.HeldDeletion.State;
import io.calsync.orchestrator.history.HistoryEntry.Direction;
import io.r2dbc.spi.Readable;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** {@code held_deletion}: the deletions the guard took over, and what became of them. */
@Component
class HeldDeletionRepository {

  private static final String COLUMNS =
      "SELECT id, user_id, direction, task_id, event_id, command, snapshot, snapshot_kind,"
          + " reason_code, causation_id FROM held_deletion";

  private final DatabaseClient db;

  HeldDeletionRepository(DatabaseClient db) {
    this.db = db;
  }

  /**
   * Records a deletion, HELD at once when the user already has a hold open, else PENDING. At most
   * one open deletion per link: a second one (a redelivery under another {@code ce_id}, a
   * re-listing) is not recorded.
   *
   * @return whether it was recorded
   */
  Mono<Boolean> insert(HeldDeletion deletion) {
    var spec =
        db.sql(
                "INSERT INTO held_deletion (id, user_id, direction, task_id, event_id, command,"
                    + " snapshot, snapshot_kind, reason_code, causation_id, state, held_at)"
                    + " SELECT :id, :userId, :direction, :taskId, :eventId, :command, :snapshot,"
                    + " :kind, :reason, :causationId, CASE WHEN h.open THEN 'HELD' ELSE 'PENDING'"
                    + " END, CASE WHEN h.open THEN clock_timestamp() END FROM (SELECT EXISTS ("
                    + "SELECT 1 FROM held_deletion WHERE user_id = :userId AND state = 'HELD')"
                    + " AS open) h ON CONFLICT DO NOTHING")
            .bind("id", deletion.id())
            .bind("userId", deletion.userId())
            .bind("direction", deletion.direction().name())
            .bind("taskId", deletion.taskId())
            .bind("eventId", deletion.eventId())
            .bind("kind", deletion.snapshotKind().name())
            .bind("reason", deletion.reasonCode())
            .bind("causationId", deletion.causationId());
    spec = Sql.bindJson(spec, "command", deletion.command());
    return Sql.bindJson(spec, "snapshot", deletion.snapshot())
        .fetch()
        .rowsUpdated()
        .map(rows -> rows > 0);
  }

  /** Whether a deletion of the task's link waits (PENDING) or is held (HELD). */
  Mono<Boolean> open(String userId, String taskId) {
    return db.sql(
            "SELECT 1 FROM held_deletion WHERE user_id = :userId AND task_id = :taskId"
                + " AND state IN ('PENDING', 'HELD')")
        .bind("userId", userId)
        .bind("taskId", taskId)
        .map(row -> true)
        .one()
        .defaultIfEmpty(false);
  }

  /** Users with deletions waiting for the sweeper. */
  Mono<List<String>> usersWaiting() {
    return db.sql("SELECT DISTINCT user_id FROM held_deletion WHERE state = 'PENDING'")
        .map(row -> row.get("user_id", String.class))
        .all()
        .collectList();
  }

  /** The user's deletions as {@link BurstRule} needs them, timed by the database's clock. */
  Mono<BurstRule.Burst> burst(String userId, Duration window) {
    return db.sql(
            "SELECT"
                + " (SELECT count(*) FROM held_deletion WHERE user_id = :userId"
                + " AND state = 'PENDING') AS waiting,"
                + " (SELECT count(*) FROM held_deletion WHERE user_id = :userId"
                + " AND state = 'PENDING' AND direction = 'GOOGLE_TO_CRM') AS from_google,"
                + " (SELECT count(*) FROM held_deletion WHERE user_id = :userId"
                + " AND state = 'APPLIED' AND held_at IS NULL"
                + " AND decided_at > clock_timestamp() - make_interval(secs => :window))"
                + " AS applied,"
                + " (SELECT count(*) FROM link WHERE user_id = :userId AND state = 'ACTIVE')"
                + " AS links,"
                + " (SELECT (EXTRACT(EPOCH FROM clock_timestamp() - max(created_at)) * 1000)::bigint"
                + " FROM held_deletion WHERE user_id = :userId AND state = 'PENDING')"
                + " AS newest_ms,"
                + " (SELECT (EXTRACT(EPOCH FROM clock_timestamp() - min(created_at)) * 1000)::bigint"
                + " FROM held_deletion WHERE user_id = :userId AND state = 'PENDING')"
                + " AS oldest_ms,"
                + " EXISTS (SELECT 1 FROM held_deletion WHERE user_id = :userId"
                + " AND state = 'HELD') AS hold_open")
        .bind("userId", userId)
        .bind("window", window.toMillis() / 1000.0)
        .map(
            row ->
                new BurstRule.Burst(
                    count(row, "waiting"),
                    count(row, "from_google"),
                    count(row, "applied"),
                    count(row, "links"),
                    millis(row, "newest_ms"),
                    millis(row, "oldest_ms"),
                    Boolean.TRUE.equals(row.get("hold_open", Boolean.class))))
        .one();
  }

  /** The user's deletions in {@code state}, oldest first, collected. */
  Mono<List<HeldDeletion>> inState(String userId, State state) {
    return db.sql(
            COLUMNS + " WHERE user_id = :userId AND state = :state ORDER BY created_at, task_id")
        .bind("userId", userId)
        .bind("state", state.name())
        .map(HeldDeletionRepository::deletion)
        .all()
        .collectList();
  }

  /** Every PENDING deletion of the user becomes HELD; returns how many. */
  Mono<Long> holdWaiting(String userId) {
    return db.sql(
            "UPDATE held_deletion SET state = 'HELD', held_at = clock_timestamp()"
                + " WHERE user_id = :userId AND state = 'PENDING'")
        .bind("userId", userId)
        .fetch()
        .rowsUpdated();
  }

  /** Closes an open deletion with its outcome. */
  Mono<Void> decided(UUID id, State outcome) {
    return db.sql(
            "UPDATE held_deletion SET state = :state, decided_at = clock_timestamp()"
                + " WHERE id = :id AND state IN ('PENDING', 'HELD')")
        .bind("id", id)
        .bind("state", outcome.name())
        .then();
  }

  /** How many deletions are held for a decision, over all users (the ops gauge). */
  Mono<Long> heldTotal() {
    return db.sql("SELECT count(*) AS held FROM held_deletion WHERE state = 'HELD'")
        .map(row -> row.get("held", Long.class))
        .one();
  }

  /** The user's held deletions as the API shows them, with the task's title, oldest first. */
  Flux<HeldDeletionView> views(String userId) {
    return db.sql(
            "SELECT h.id, h.direction, h.task_id, h.event_id, h.reason_code, h.held_at,"
                + " t.snapshot ->> 'title' AS title FROM held_deletion h LEFT JOIN task_state t"
                + " ON t.user_id = h.user_id AND t.task_id = h.task_id"
                + " WHERE h.user_id = :userId AND h.state = 'HELD'"
                + " ORDER BY h.created_at, h.task_id")
        .bind("userId", userId)
        .map(
            row -> {
              Direction direction = Direction.valueOf(row.get("direction", String.class));
              OffsetDateTime heldAt = row.get("held_at", OffsetDateTime.class);
              return new HeldDeletionView(
                  row.get("id", UUID.class),
                  direction,
                  direction == Direction.CRM_TO_GOOGLE ? "DELETE_EVENT" : "UNLINK_TASK",
                  row.get("task_id", String.class),
                  row.get("event_id", String.class),
                  row.get("title", String.class),
                  row.get("reason_code", String.class),
                  heldAt == null ? null : heldAt.toInstant());
            })
        .all();
  }

  /**
   * A held deletion as {@code GET /api/v1/sync/held-deletions} lists it.
   *
   * @param effect what applying it does: {@code DELETE_EVENT} (the event is deleted in Google) or
   *     {@code UNLINK_TASK} (the task is unlinked from its event, which was deleted in Google)
   * @param taskTitle nullable: the task's latest title
   */
  record HeldDeletionView(
      UUID id,
      Direction direction,
      String effect,
      String taskId,
      String eventId,
      String taskTitle,
      String reasonCode,
      Instant heldAt) {}

  private static HeldDeletion deletion(Readable row) {
    return new HeldDeletion(
        row.get("id", UUID.class),
        row.get("user_id", String.class),
        Direction.valueOf(row.get("direction", String.class)),
        row.get("task_id", String.class),
        row.get("event_id", String.class),
        Sql.json(row.get("command")),
        Sql.json(row.get("snapshot")),
        SnapshotKind.valueOf(row.get("snapshot_kind", String.class)),
        row.get("reason_code", String.class),
        row.get("causation_id", String.class));
  }

  private static int count(Readable row, String column) {
    Long value = row.get(column, Long.class);
    return value == null ? 0 : value.intValue();
  }

  private static Duration millis(Readable row, String column) {
    Long value = row.get(column, Long.class);
    return value == null ? Duration.ZERO : Duration.ofMillis(value);
  }
}
