package io.calsync.orchestrator.connection;

import io.calsync.contracts.calendar.SendUpdates;
import io.calsync.contracts.connection.CompletedTaskPolicy;
import io.calsync.contracts.connection.DateOnlyTaskPolicy;
import io.calsync.contracts.connection.SyncMode;
import io.calsync.contracts.connection.SyncSettings;
import io.calsync.orchestrator.db.Sql;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** {@code user_settings}: each user's connection status and sync settings. */
@Component
public class UserConnectionRepository {

  private final DatabaseClient db;

  UserConnectionRepository(DatabaseClient db) {
    this.db = db;
  }

  public Mono<UserConnection> find(String userId) {
    return db.sql(
            "SELECT user_id, connection_status, google_account_email, sync_mode,"
                + " completed_task_policy, date_only_task_policy, default_event_duration_minutes,"
                + " time_zone, send_updates FROM user_settings WHERE user_id = :userId")
        .bind("userId", userId)
        .map(
            row ->
                new UserConnection(
                    row.get("user_id", String.class),
                    ConnectionStatus.valueOf(row.get("connection_status", String.class)),
                    row.get("google_account_email", String.class),
                    new SyncSettings(
                        SyncMode.valueOf(row.get("sync_mode", String.class)),
                        CompletedTaskPolicy.valueOf(row.get("completed_task_policy", String.class)),
                        DateOnlyTaskPolicy.valueOf(row.get("date_only_task_policy", String.class)),
                        row.get("default_event_duration_minutes", Integer.class),
                        row.get("time_zone", String.class),
                        SendUpdates.valueOf(row.get("send_updates", String.class)))))
        .one();
  }

  Mono<Void> save(UserConnection connection) {
    SyncSettings settings = connection.settings();
    var spec =
        db.sql(
                "INSERT INTO user_settings (user_id, connection_status, google_account_email,"
                    + " sync_mode, completed_task_policy, date_only_task_policy,"
                    + " default_event_duration_minutes, time_zone, send_updates, updated_at)"
                    + " VALUES (:userId, :status, :email, :mode, :completed, :dateOnly,"
                    + " :duration, :timeZone, :sendUpdates, now())"
                    + " ON CONFLICT (user_id) DO UPDATE SET"
                    + " connection_status = EXCLUDED.connection_status,"
                    + " google_account_email = EXCLUDED.google_account_email,"
                    + " sync_mode = EXCLUDED.sync_mode,"
                    + " completed_task_policy = EXCLUDED.completed_task_policy,"
                    + " date_only_task_policy = EXCLUDED.date_only_task_policy,"
                    + " default_event_duration_minutes = EXCLUDED.default_event_duration_minutes,"
                    + " time_zone = EXCLUDED.time_zone, send_updates = EXCLUDED.send_updates,"
                    + " updated_at = now()")
            .bind("userId", connection.userId())
            .bind("status", connection.status().name())
            .bind("mode", settings.mode().name())
            .bind("completed", settings.completedTaskPolicy().name())
            .bind("dateOnly", settings.dateOnlyTaskPolicy().name())
            .bind("duration", settings.defaultEventDurationMinutes())
            .bind("sendUpdates", settings.sendUpdates().name());
    spec = Sql.bindNullable(spec, "email", connection.googleAccountEmail(), String.class);
    spec = Sql.bindNullable(spec, "timeZone", settings.timeZone(), String.class);
    return spec.then();
  }

  /**
   * Marks the start of a catch-up of the user's tasks: every calendar command sent before it has a
   * lower {@code calendar_command.sequence} than the value drawn here.
   */
  Mono<Void> catchUpStarted(String userId) {
    return db.sql(
            "UPDATE user_settings SET catch_up_sequence ="
                + " nextval(pg_get_serial_sequence('calendar_command', 'sequence'))"
                + " WHERE user_id = :userId")
        .bind("userId", userId)
        .then();
  }

  /**
   * Whether a catch-up of the user's tasks started after the command at {@code commandSequence} was
   * sent (so it passed over that command's task, which was then in flight).
   */
  public Mono<Boolean> caughtUpSince(String userId, long commandSequence) {
    return db.sql(
            "SELECT catch_up_sequence > :sequence AS since FROM user_settings"
                + " WHERE user_id = :userId")
        .bind("userId", userId)
        .bind("sequence", commandSequence)
        .map(row -> Boolean.TRUE.equals(row.get("since", Boolean.class)))
        .one()
        .defaultIfEmpty(false);
  }
}
