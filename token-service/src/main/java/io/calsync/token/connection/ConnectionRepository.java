package io.calsync.token.connection;

import io.calsync.token.crypto.TokenCipher;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/** {@code google_connection}: one row per CRM user. Every write bumps {@code version}. */
@Repository
public class ConnectionRepository {

  private final DatabaseClient db;

  ConnectionRepository(DatabaseClient db) {
    this.db = db;
  }

  public Mono<GoogleConnection> find(String userId) {
    return db.sql("SELECT * FROM google_connection WHERE user_id = :userId")
        .bind("userId", userId)
        .map(ConnectionRepository::map)
        .one();
  }

  /** Stores a new grant, replacing whatever the user had: same user id, no new identity. */
  public Mono<GoogleConnection> saveConnected(
      String userId,
      String googleEmail,
      TokenCipher.Sealed refreshToken,
      List<String> scopes,
      Instant now) {
    return db.sql(
            """
            INSERT INTO google_connection (user_id, google_email, status, encrypted_refresh_token,
                refresh_token_key_id, scopes, lost_reason, connected_at, status_changed_at,
                updated_at)
            VALUES (:userId, :email, 'CONNECTED', :token, :keyId, :scopes, NULL, :now, :now, :now)
            ON CONFLICT (user_id) DO UPDATE SET
                google_email = EXCLUDED.google_email,
                status = 'CONNECTED',
                encrypted_refresh_token = EXCLUDED.encrypted_refresh_token,
                refresh_token_key_id = EXCLUDED.refresh_token_key_id,
                scopes = EXCLUDED.scopes,
                lost_reason = NULL,
                connected_at = EXCLUDED.connected_at,
                status_changed_at = EXCLUDED.status_changed_at,
                updated_at = EXCLUDED.updated_at,
                version = google_connection.version + 1
            RETURNING *
            """)
        .bind("userId", userId)
        .bind("email", googleEmail)
        .bind("token", refreshToken.ciphertext())
        .bind("keyId", refreshToken.keyId())
        .bind("scopes", String.join(" ", scopes))
        .bind("now", now)
        .map(ConnectionRepository::map)
        .one();
  }

  /** Google rotated the refresh token of the grant obtained at {@code connectedAt}. */
  public Mono<Boolean> replaceRefreshToken(
      String userId, Instant connectedAt, TokenCipher.Sealed refreshToken) {
    return db.sql(
            """
            UPDATE google_connection
               SET encrypted_refresh_token = :token, refresh_token_key_id = :keyId,
                   updated_at = now(), version = version + 1
             WHERE user_id = :userId AND status = 'CONNECTED' AND connected_at = :connectedAt
            """)
        .bind("token", refreshToken.ciphertext())
        .bind("keyId", refreshToken.keyId())
        .bind("userId", userId)
        .bind("connectedAt", connectedAt)
        .fetch()
        .rowsUpdated()
        .map(rows -> rows > 0);
  }

  /**
   * Marks the grant obtained at {@code connectedAt} lost and erases its dead token. False when it
   * was already marked, or the user reconnected meanwhile: only one caller publishes the loss.
   */
  public Mono<Boolean> markLost(String userId, Instant connectedAt, String reason, Instant now) {
    return db.sql(
            """
            UPDATE google_connection
               SET status = 'LOST', lost_reason = :reason, encrypted_refresh_token = NULL,
                   refresh_token_key_id = NULL, status_changed_at = :now, updated_at = :now,
                   version = version + 1
             WHERE user_id = :userId AND status = 'CONNECTED' AND connected_at = :connectedAt
            """)
        .bind("reason", reason)
        .bind("now", now)
        .bind("userId", userId)
        .bind("connectedAt", connectedAt)
        .fetch()
        .rowsUpdated()
        .map(rows -> rows > 0);
  }

  /** The user disconnected: tokens erased, the row (e-mail, history) kept. */
  public Mono<Boolean> markRevoked(String userId, Instant now) {
    return db.sql(
            """
            UPDATE google_connection
               SET status = 'REVOKED', lost_reason = NULL, encrypted_refresh_token = NULL,
                   refresh_token_key_id = NULL, status_changed_at = :now, updated_at = :now,
                   version = version + 1
             WHERE user_id = :userId
            """)
        .bind("now", now)
        .bind("userId", userId)
        .fetch()
        .rowsUpdated()
        .map(rows -> rows > 0);
  }

  private static GoogleConnection map(Readable row) {
    byte[] token = row.get("encrypted_refresh_token", byte[].class);
    String keyId = row.get("refresh_token_key_id", String.class);
    String scopes = row.get("scopes", String.class);
    return new GoogleConnection(
        row.get("user_id", String.class),
        row.get("google_email", String.class),
        ConnectionStatus.valueOf(row.get("status", String.class)),
        token == null ? null : new TokenCipher.Sealed(keyId, token),
        scopes == null || scopes.isBlank() ? List.of() : Arrays.asList(scopes.split(" ")),
        row.get("lost_reason", String.class),
        row.get("connected_at", Instant.class),
        row.get("status_changed_at", Instant.class),
        row.get("last_synced_at", Instant.class));
  }
}
