package io.calsync.orchestrator.erasure;

import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * {@code erased_user}: when each erased user was erased, keyed by the SHA-256 of the user id so the
 * table does not name the users it forgot. Known limit: user ids are not secret, so someone with
 * the database and a candidate id can tell whether that id was erased (and when); a keyed hash
 * would need a key every instance shares.
 */
@Component
public class ErasedUsers {

  /** Records about erased users that were dropped ({@link ErasureRule}), by topic. */
  static final String DROPPED_METRIC = "calsync.erasure.records.dropped";

  private final DatabaseClient db;
  private final MeterRegistry meters;

  ErasedUsers(DatabaseClient db, MeterRegistry meters) {
    this.db = db;
    this.meters = meters;
  }

  /** Counts a record dropped by {@link ErasureRule}. */
  public void countDropped(String topic) {
    meters.counter(DROPPED_METRIC, "topic", topic).increment();
  }

  /** When {@code userId} was erased; empty when never (or reconnected since). */
  public Mono<Instant> erasedAt(String userId) {
    return db.sql("SELECT erased_at FROM erased_user WHERE user_hash = :hash")
        .bind("hash", hash(userId))
        .map(row -> row.get("erased_at", OffsetDateTime.class).toInstant())
        .one();
  }

  /** The user connected again after the erase. */
  public Mono<Void> lift(String userId) {
    return db.sql("DELETE FROM erased_user WHERE user_hash = :hash")
        .bind("hash", hash(userId))
        .then();
  }

  Mono<Void> mark(String userId, Instant erasedAt) {
    return db.sql(
            """
            INSERT INTO erased_user (user_hash, erased_at) VALUES (:hash, :erasedAt)
            ON CONFLICT (user_hash) DO UPDATE
               SET erased_at = GREATEST(erased_user.erased_at, EXCLUDED.erased_at)
            """)
        .bind("hash", hash(userId))
        .bind("erasedAt", OffsetDateTime.ofInstant(erasedAt, ZoneOffset.UTC))
        .then();
  }

  static String hash(String userId) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(userId.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
