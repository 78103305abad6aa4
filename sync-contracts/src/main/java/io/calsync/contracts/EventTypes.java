package io.calsync.contracts;

import io.calsync.contracts.calendar.CommandApplied;
import io.calsync.contracts.calendar.CommandFailed;
import io.calsync.contracts.calendar.DeleteEvent;
import io.calsync.contracts.calendar.EventChanged;
import io.calsync.contracts.calendar.UpsertEvent;
import io.calsync.contracts.connection.ConnectionConnected;
import io.calsync.contracts.connection.ConnectionLost;
import io.calsync.contracts.connection.ConnectionRevoked;
import io.calsync.contracts.connection.SyncSettingsChanged;
import io.calsync.contracts.sync.FullResyncRequested;
import io.calsync.contracts.sync.SyncNowRequested;
import io.calsync.contracts.task.CreateTaskFromEvent;
import io.calsync.contracts.task.TaskCreated;
import io.calsync.contracts.task.TaskDeleted;
import io.calsync.contracts.task.TaskUpdated;
import io.calsync.contracts.task.UnlinkTaskFromEvent;
import io.calsync.contracts.task.UpdateTaskFromEvent;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The registry of CloudEvents {@code ce_type} strings and their body records. A type string never
 * changes meaning: a breaking change to a body is a new type with the next {@code .vN} suffix,
 * published alongside the old one until every consumer has moved.
 */
public final class EventTypes {

  public static final String TASK_CREATED = "io.calsync.task.created.v1";
  public static final String TASK_UPDATED = "io.calsync.task.updated.v1";
  public static final String TASK_DELETED = "io.calsync.task.deleted.v1";

  public static final String CREATE_TASK_FROM_EVENT = "io.calsync.task.create-from-event.v1";
  public static final String UPDATE_TASK_FROM_EVENT = "io.calsync.task.update-from-event.v1";
  public static final String UNLINK_TASK_FROM_EVENT = "io.calsync.task.unlink-from-event.v1";

  public static final String EVENT_CHANGED = "io.calsync.calendar.event-changed.v1";

  public static final String UPSERT_EVENT = "io.calsync.calendar.upsert-event.v1";
  public static final String DELETE_EVENT = "io.calsync.calendar.delete-event.v1";

  public static final String COMMAND_APPLIED = "io.calsync.calendar.command-applied.v1";
  public static final String COMMAND_FAILED = "io.calsync.calendar.command-failed.v1";

  public static final String CONNECTION_CONNECTED = "io.calsync.connection.connected.v1";
  public static final String CONNECTION_REVOKED = "io.calsync.connection.revoked.v1";
  public static final String CONNECTION_LOST = "io.calsync.connection.lost.v1";
  public static final String SYNC_SETTINGS_CHANGED = "io.calsync.connection.settings-changed.v1";

  public static final String SYNC_NOW_REQUESTED = "io.calsync.sync.sync-now-requested.v1";
  public static final String FULL_RESYNC_REQUESTED = "io.calsync.sync.full-resync-requested.v1";

  /** Every registered type. */
  public static final List<EventType<?>> ALL =
      List.of(
          new EventType<>(TASK_CREATED, TaskCreated.class, Topics.TASK_EVENTS, TaskCreated::taskId),
          new EventType<>(TASK_UPDATED, TaskUpdated.class, Topics.TASK_EVENTS, TaskUpdated::taskId),
          new EventType<>(TASK_DELETED, TaskDeleted.class, Topics.TASK_EVENTS, TaskDeleted::taskId),
          new EventType<>(
              CREATE_TASK_FROM_EVENT,
              CreateTaskFromEvent.class,
              Topics.TASK_COMMANDS,
              CreateTaskFromEvent::eventId),
          new EventType<>(
              UPDATE_TASK_FROM_EVENT,
              UpdateTaskFromEvent.class,
              Topics.TASK_COMMANDS,
              UpdateTaskFromEvent::taskId),
          new EventType<>(
              UNLINK_TASK_FROM_EVENT,
              UnlinkTaskFromEvent.class,
              Topics.TASK_COMMANDS,
              UnlinkTaskFromEvent::taskId),
          new EventType<>(
              EVENT_CHANGED, EventChanged.class, Topics.EVENT_CHANGES, EventChanged::eventId),
          new EventType<>(
              UPSERT_EVENT, UpsertEvent.class, Topics.CALENDAR_COMMANDS, UpsertEvent::eventId),
          new EventType<>(
              DELETE_EVENT, DeleteEvent.class, Topics.CALENDAR_COMMANDS, DeleteEvent::eventId),
          new EventType<>(
              COMMAND_APPLIED,
              CommandApplied.class,
              Topics.COMMAND_RESULTS,
              CommandApplied::eventId),
          new EventType<>(
              COMMAND_FAILED, CommandFailed.class, Topics.COMMAND_RESULTS, CommandFailed::eventId),
          new EventType<>(
              CONNECTION_CONNECTED,
              ConnectionConnected.class,
              Topics.CONNECTION_EVENTS,
              ConnectionConnected::userId),
          new EventType<>(
              CONNECTION_REVOKED,
              ConnectionRevoked.class,
              Topics.CONNECTION_EVENTS,
              ConnectionRevoked::userId),
          new EventType<>(
              CONNECTION_LOST,
              ConnectionLost.class,
              Topics.CONNECTION_EVENTS,
              ConnectionLost::userId),
          new EventType<>(
              SYNC_SETTINGS_CHANGED,
              SyncSettingsChanged.class,
              Topics.CONNECTION_EVENTS,
              SyncSettingsChanged::userId),
          new EventType<>(
              SYNC_NOW_REQUESTED,
              SyncNowRequested.class,
              Topics.SYNC_REQUESTS,
              SyncNowRequested::userId),
          new EventType<>(
              FULL_RESYNC_REQUESTED,
              FullResyncRequested.class,
              Topics.SYNC_REQUESTS,
              FullResyncRequested::userId));

  private static final Map<String, EventType<?>> BY_TYPE =
      ALL.stream().collect(Collectors.toUnmodifiableMap(EventType::ceType, Function.identity()));

  private static final Map<Class<?>, EventType<?>> BY_CLASS =
      ALL.stream().collect(Collectors.toUnmodifiableMap(EventType::bodyClass, Function.identity()));

  private EventTypes() {}

  /** The registered type with this {@code ce_type}, if any. */
  public static Optional<EventType<?>> byCeType(String ceType) {
    return Optional.ofNullable(BY_TYPE.get(ceType));
  }

  /** The registered type of this body class, if any. */
  public static Optional<EventType<?>> byClass(Class<?> bodyClass) {
    return Optional.ofNullable(BY_CLASS.get(bodyClass));
  }

  /** The registered type of {@code body}; throws when its class is not part of the contract. */
  public static EventType<?> of(Object body) {
    return byClass(body.getClass())
        .orElseThrow(
            () ->
                new ContractViolationException(
                    "not a contract message: " + body.getClass().getName()));
  }

  /** The types that travel on {@code topic}. */
  public static List<EventType<?>> onTopic(String topic) {
    return ALL.stream().filter(type -> type.topic().equals(topic)).toList();
  }
}
