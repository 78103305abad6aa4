package io.calsync.task.erasure;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * {@code erased_user}: when each erased user was erased, keyed by the SHA-256 of the user id
 * (computed by PostgreSQL), so the table does not name the users it forgot. Known limit: user ids
 * are not secret, so someone with the database and a candidate id can tell whether that id was
 * erased.
 */
@Component
public class ErasedUsers {

  private static final String HASH = "encode(sha256(convert_to(:userId, 'UTF8')), 'hex')";

  private final DatabaseClient db;

  ErasedUsers(DatabaseClient db) {
    this.db = db;
  }

  /**
   * Whether a record about {@code userId} produced at {@code producedAt} predates the user's latest
   * erase (and must not take effect).
   */
  public Mono<Boolean> producedBeforeErase(String userId, Instant producedAt) {
    return db.sql("SELECT erased_at FROM erased_user WHERE user_hash = " + HASH)
        .bind("userId", userId)
        .map(row -> row.get("erased_at", OffsetDateTime.class).toInstant())
        .one()
        .map(erasedAt -> !producedAt.isAfter(erasedAt))
        .defaultIfEmpty(false);
  }

  Mono<Void> mark(String userId, Instant erasedAt) {
    return db.sql(
            "INSERT INTO erased_user (user_hash, erased_at) VALUES ("
                + HASH
                + ", :erasedAt) ON CONFLICT (user_hash) DO UPDATE"
                + " SET erased_at = GREATEST(erased_user.erased_at, EXCLUDED.erased_at)")
        .bind("userId", userId)
        .bind("erasedAt", OffsetDateTime.ofInstant(erasedAt, ZoneOffset.UTC))
        .then();
  }
}
