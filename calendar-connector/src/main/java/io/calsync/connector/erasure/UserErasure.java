package io.calsync.connector.erasure;

import io.calsync.platform.erasure.UserDataErasure;
import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * What the connector's erase deletes: every row of the user, in one transaction with the erase
 * marker (service-starter's {@link UserDataErasure}). Idempotent: a redelivered tombstone deletes
 * nothing more and keeps the later erase time.
 */
@Component
public class UserErasure {

  /**
   * Every table that holds rows of a user, by its {@code user_id} column. {@code UserErasureIT}
   * fails when a table with a user column is neither here nor in its list of exceptions.
   */
  public static final List<String> TABLES =
      List.of("calendar_sync_state", "push_channel", "parked_command", "processed_message");

  private static final List<String> STATEMENTS = UserDataErasure.deleteByUserId(TABLES);

  private final UserDataErasure erasure;

  UserErasure(UserDataErasure erasure) {
    this.erasure = erasure;
  }

  public Mono<Void> erase(String userId, Instant erasedAt) {
    return erasure.erase(userId, erasedAt, STATEMENTS).then();
  }
}
