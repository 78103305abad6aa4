package io.calsync.task.commands;

import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/** The inbox table {@code processed_command}. */
@Repository
class ProcessedCommands {

  private final DatabaseClient db;

  ProcessedCommands(DatabaseClient db) {
    this.db = db;
  }

  /**
   * Records the command id; false when it is recorded already. A concurrent transaction claiming
   * the same id waits on the primary key until this one ends, so exactly one of them applies it.
   */
  Mono<Boolean> claim(String commandId, String userId, UUID taskId) {
    return db.sql(
            "INSERT INTO processed_command (command_id, user_id, task_id)"
                + " VALUES (:commandId, :userId, :taskId) ON CONFLICT (command_id) DO NOTHING")
        .bind("commandId", commandId)
        .bind("userId", userId)
        .bind("taskId", taskId)
        .fetch()
        .rowsUpdated()
        .map(rows -> rows > 0);
  }
}
