package io.calsync.orchestrator.command;

import io.calsync.contracts.ContractJson;
import io.calsync.contracts.task.TaskCommand;
import io.calsync.orchestrator.db.Sql;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** {@code task_command}: every task command sent; tells CalSync's own task changes apart. */
@Component
public class TaskCommandLog {

  private final DatabaseClient db;

  TaskCommandLog(DatabaseClient db) {
    this.db = db;
  }

  /** Records a sent command; a resend of the same id keeps the first. */
  public Mono<Void> sent(TaskCommand command, String taskId) {
    var spec =
        db.sql(
                "INSERT INTO task_command (command_id, user_id, task_id, event_id, kind, body)"
                    + " VALUES (:commandId, :userId, :taskId, :eventId, :kind, :body)"
                    + " ON CONFLICT (command_id) DO NOTHING")
            .bind("commandId", command.commandId())
            .bind("userId", command.userId())
            .bind("eventId", command.eventId())
            .bind("kind", TaskCommandKind.of(command).name());
    spec = Sql.bindNullable(spec, "taskId", taskId, String.class);
    return Sql.bindJson(spec, "body", ContractJson.toJson(command)).then();
  }

  /** Whether {@code causationId} names one of our task commands. */
  public Mono<Boolean> ours(String causationId) {
    if (causationId == null) {
      return Mono.just(false);
    }
    return db.sql("SELECT 1 FROM task_command WHERE command_id = :id")
        .bind("id", causationId)
        .map(row -> true)
        .one()
        .defaultIfEmpty(false);
  }
}
