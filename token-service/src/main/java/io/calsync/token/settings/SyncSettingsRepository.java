package io.calsync.token.settings;

import io.calsync.contracts.calendar.SendUpdates;
import io.calsync.contracts.connection.CompletedTaskPolicy;
import io.calsync.contracts.connection.DateOnlyTaskPolicy;
import io.calsync.contracts.connection.GoogleEventDeletionPolicy;
import io.calsync.contracts.connection.InvitationPolicy;
import io.calsync.contracts.connection.SyncMode;
import io.calsync.contracts.connection.SyncSettings;
import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/** {@code sync_settings}: a user without a row has {@link SyncSettings#defaults()}. */
@Repository
public class SyncSettingsRepository {

  private final DatabaseClient db;

  SyncSettingsRepository(DatabaseClient db) {
    this.db = db;
  }

  public Mono<SyncSettings> findOrDefaults(String userId) {
    return db.sql("SELECT * FROM sync_settings WHERE user_id = :userId")
        .bind("userId", userId)
        .map(SyncSettingsRepository::map)
        .one()
        .defaultIfEmpty(SyncSettings.defaults());
  }

  Mono<SyncSettings> save(String userId, SyncSettings settings) {
    DatabaseClient.GenericExecuteSpec spec =
        db.sql(
                """
                INSERT INTO sync_settings (user_id, sync_mode, completed_task_policy,
                    date_only_task_policy, default_event_duration_minutes, time_zone, send_updates,
                    google_event_deletion_policy, invitation_policy, updated_at)
                VALUES (:userId, :mode, :completed, :dateOnly, :duration, :timeZone, :sendUpdates,
                    :googleEventDeletion, :invitations, now())
                ON CONFLICT (user_id) DO UPDATE SET
                    sync_mode = EXCLUDED.sync_mode,
                    completed_task_policy = EXCLUDED.completed_task_policy,
                    date_only_task_policy = EXCLUDED.date_only_task_policy,
                    default_event_duration_minutes = EXCLUDED.default_event_duration_minutes,
                    time_zone = EXCLUDED.time_zone,
                    send_updates = EXCLUDED.send_updates,
                    google_event_deletion_policy = EXCLUDED.google_event_deletion_policy,
                    invitation_policy = EXCLUDED.invitation_policy,
                    updated_at = now(),
                    version = sync_settings.version + 1
                RETURNING *
                """)
            .bind("userId", userId)
            .bind("mode", settings.mode().name())
            .bind("completed", settings.completedTaskPolicy().name())
            .bind("dateOnly", settings.dateOnlyTaskPolicy().name())
            .bind("duration", settings.defaultEventDurationMinutes())
            .bind("sendUpdates", settings.sendUpdates().name())
            .bind("googleEventDeletion", settings.googleEventDeletionPolicy().name())
            .bind("invitations", settings.invitationPolicy().name());
    spec =
        settings.timeZone() == null
            ? spec.bindNull("timeZone", String.class)
            : spec.bind("timeZone", settings.timeZone());
    return spec.map(SyncSettingsRepository::map).one();
  }

  private static SyncSettings map(Readable row) {
    return new SyncSettings(
        SyncMode.valueOf(row.get("sync_mode", String.class)),
        CompletedTaskPolicy.valueOf(row.get("completed_task_policy", String.class)),
        DateOnlyTaskPolicy.valueOf(row.get("date_only_task_policy", String.class)),
        row.get("default_event_duration_minutes", Integer.class),
        row.get("time_zone", String.class),
        SendUpdates.valueOf(row.get("send_updates", String.class)),
        GoogleEventDeletionPolicy.valueOf(row.get("google_event_deletion_policy", String.class)),
        InvitationPolicy.valueOf(row.get("invitation_policy", String.class)));
  }
}
