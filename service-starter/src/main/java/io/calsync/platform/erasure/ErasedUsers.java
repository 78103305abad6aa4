package io.calsync.platform.erasure;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/**
 * The service's {@code erased_user} table: when each erased user was erased, keyed by the SHA-256
 * of the user id, so the table does not name the users it forgot. A record about a user produced
 * before that user's erase must not take effect (it would write data the erase removed); a later
 * reconnect lifts the marker.
 *
 * <p>Known limit: user ids are not secret, so someone with the database and a candidate id can tell
 * whether (and when) that id was erased; a keyed hash would need a key every instance shares.
 */
public class ErasedUsers {

  /**
   * SQL for the marker key of the user bound as {@code :userId}; other statements use it to skip
   * writes for an erased user. Computes the same value as {@link #hash}.
   */
  public static final String HASH = "encode(sha256(convert_to(:userId, 'UTF8')), 'hex')";

  /** SQL condition: the user bound as {@code :userId} is not marked as erased. */
  public static final String NOT_ERASED =
      "NOT EXISTS (SELECT 1 FROM erased_user WHERE user_hash = " + HASH + ")";

  private final DatabaseClient db;

  public ErasedUsers(DatabaseClient db) {
    this.db = db;
  }

  /** When {@code userId} was erased; empty when never, or when they connected again since. */
  public Mono<Instant> erasedAt(String userId) {
    return db.sql("SELECT erased_at FROM erased_user WHERE user_hash = " + HASH)
        .bind("userId", userId)
        .map(row -> row.get("erased_at", OffsetDateTime.class).toInstant())
        .one();
  }

  /**
   * Whether a record about {@code userId} produced at {@code producedAt} predates the user's latest
   * erase (and must not take effect).
   */
  public Mono<Boolean> producedBeforeErase(String userId, Instant producedAt) {
    return erasedAt(userId).map(erasedAt -> !producedAt.isAfter(erasedAt)).defaultIfEmpty(false);
  }

  /** The user connected again after the erase. */
  public Mono<Void> lift(String userId) {
    return db.sql("DELETE FROM erased_user WHERE user_hash = " + HASH)
        .bind("userId", userId)
        .then();
  }

  /** Marks {@code userId} as erased at {@code erasedAt}, keeping the later of two erases. */
  public Mono<Void> mark(String userId, Instant erasedAt) {
    return db.sql(
            "INSERT INTO erased_user (user_hash, erased_at) VALUES ("
                + HASH
                + ", :erasedAt) ON CONFLICT (user_hash) DO UPDATE"
                + " SET erased_at = GREATEST(erased_user.erased_at, EXCLUDED.erased_at)")
        .bind("userId", userId)
        .bind("erasedAt", OffsetDateTime.ofInstant(erasedAt, ZoneOffset.UTC))
        .then();
  }

  /** The marker key of {@code userId}, as {@link #HASH} computes it in SQL. */
  public static String hash(String userId) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(userId.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
