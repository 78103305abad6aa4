package io.calsync.orchestrator.reconcile;

import io.calsync.contracts.calendar.CalendarEventIds;

/**
 * The Google event id of a task's event: the published rule {@link CalendarEventIds}, derived from
 * {@code (userId, taskId)} alone, so a replay, a lost link or a reconnect names the same event
 * instead of creating a second one (an insert with a taken id is answered 409 and the connector
 * adopts the existing event).
 */
public final class EventIds {

  public static final int LENGTH = CalendarEventIds.LENGTH;

  private EventIds() {}

  public static String of(String userId, String taskId) {
    return CalendarEventIds.of(userId, taskId);
  }
}
