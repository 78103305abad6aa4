package io.calsync.orchestrator.erasure;

import io.calsync.platform.erasure.UserDataErasure;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * What the orchestrator's erase deletes: everything it stored about a user, in one transaction with
 * the erase marker (service-starter's {@link UserDataErasure}). Idempotent: a redelivered tombstone
 * deletes nothing more and keeps the later erase time. Also counts the records {@link ErasureRule}
 * drops.
 */
@Component
public class UserErasure {

  /**
   * Every table that holds rows of a user, by its {@code user_id} column. {@code UserErasureIT}
   * fails when a table with a user column is neither here nor in its list of exceptions.
   */
  public static final List<String> TABLES =
      List.of(
          "link",
          "task_state",
          "user_settings",
          "calendar_command",
          "task_command",
          "sync_history",
          "processed_message",
          "held_deletion");

  /** Records about erased users that were dropped ({@link ErasureRule}), by topic. */
  public static final String DROPPED_METRIC = "calsync.erasure.records.dropped";

  private static final List<String> STATEMENTS = UserDataErasure.deleteByUserId(TABLES);

  private final UserDataErasure erasure;
  private final MeterRegistry meters;

  UserErasure(UserDataErasure erasure, MeterRegistry meters) {
    this.erasure = erasure;
    this.meters = meters;
  }

  /** Erases {@code userId}; {@code erasedAt} is when token-service erased the user. */
  public Mono<Void> erase(String userId, Instant erasedAt) {
    return erasure.erase(userId, erasedAt, STATEMENTS).then();
  }

  /** Counts a record dropped by {@link ErasureRule}. */
  public void countDropped(String topic) {
    meters.counter(DROPPED_METRIC, "topic", topic).increment();
  }
}
