package io.calsync.connector.sync;

import io.calsync.platform.erasure.ErasedUsers;
import java.util.Optional;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * {@code calendar_sync_state}: the {@code nextSyncToken} of each user's calendar. A token is
 * written only after every change of the listing that produced it was acknowledged by Kafka, so a
 * crash at any point repeats changes (deduplicated downstream) but never skips one.
 */
@Component
class SyncStates {

  private final DatabaseClient db;

  SyncStates(DatabaseClient db) {
    this.db = db;
  }

  /** The stored sync token, empty when there is none (the next poll is a full sync). */
  Mono<String> token(String userId, String calendarId) {
    return db.sql(
            "SELECT sync_token FROM calendar_sync_state"
                + " WHERE user_id = :userId AND calendar_id = :calendarId")
        .bind("userId", userId)
        .bind("calendarId", calendarId)
        .map((row, metadata) -> Optional.ofNullable(row.get("sync_token", String.class)))
        .one()
        .flatMap(Mono::justOrEmpty);
  }

  /**
   * Stores the token that completed a full or an incremental listing, unless the user was erased
   * meanwhile (a poll under way when the tombstone arrived).
   */
  Mono<Void> save(String userId, String calendarId, String syncToken, boolean full) {
    String stamp = full ? "last_full_sync_at" : "last_incremental_sync_at";
    return db.sql(
            """
            INSERT INTO calendar_sync_state (user_id, calendar_id, sync_token, %1$s)
            SELECT :userId, :calendarId, :syncToken, now() WHERE %2$s
            ON CONFLICT (user_id, calendar_id) DO UPDATE
              SET sync_token = EXCLUDED.sync_token,
                  %1$s = now(),
                  updated_at = now(),
                  version = calendar_sync_state.version + 1
            """
                .formatted(stamp, ErasedUsers.NOT_ERASED))
        .bind("userId", userId)
        .bind("calendarId", calendarId)
        .bind("syncToken", syncToken)
        .then();
  }

  /** Drops the token (Google answered 410, or a full resync was asked for). */
  Mono<Void> dropToken(String userId, String calendarId) {
    return db.sql(
            """
            UPDATE calendar_sync_state
               SET sync_token = NULL, updated_at = now(), version = version + 1
             WHERE user_id = :userId AND calendar_id = :calendarId
            """)
        .bind("userId", userId)
        .bind("calendarId", calendarId)
        .then();
  }
}
