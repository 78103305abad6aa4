package io.calsync.orchestrator.command;

import io.calsync.contracts.ContractJson;
import io.calsync.contracts.task.CreateTaskFromEvent;
import io.calsync.contracts.task.TaskCommand;
import io.calsync.contracts.task.UnlinkTaskFromEvent;
import io.calsync.contracts.task.UpdateTaskFromEvent;
import io.calsync.orchestrator.db.Sql;
import io.calsync.orchestrator.history.HistoryAction;
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
            .bind("kind", kind(command));
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

  /** The history action of sending {@code command}. */
  public static HistoryAction action(TaskCommand command) {
    return HistoryAction.valueOf(kind(command));
  }

  public static String kind(TaskCommand command) {
    if (command instanceof CreateTaskFromEvent) {
      return "CREATE_TASK";
    }
    if (command instanceof UpdateTaskFromEvent) {
      return "UPDATE_TASK";
    }
    if (command instanceof UnlinkTaskFromEvent) {
      return "UNLINK_TASK";
    }
    throw new IllegalArgumentException("unknown task command " + command.getClass());
  }
}
