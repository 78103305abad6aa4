package io.calsync.connector.commands;

import io.calsync.contracts.calendar.DeleteEvent;
import io.calsync.contracts.calendar.EventTime;
import io.calsync.contracts.calendar.SendUpdates;
import io.calsync.contracts.calendar.UpsertEvent;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Calendar commands as the orchestrator sends them. */
public final class CommandMother {

  static final OffsetDateTime START = OffsetDateTime.parse("2026-12-01T09:30:00+01:00");

  private CommandMother() {}

  /** A Google-valid event id (base32hex alphabet), like the orchestrator's derived ones. */
  public static String eventId() {
    return "cs" + UUID.randomUUID().toString().replace("-", "");
  }

  /** An insert (no expected etag) of a 30-minute event with one attendee. */
  public static UpsertEvent upsert(String userId, String taskId, String eventId) {
    return upsert(userId, taskId, eventId, null, "Call Alice about the offer");
  }

  /** {@link #upsert(String, String, String)} for a task of its own and a fresh event id. */
  static UpsertEvent upsertOfANewTask(String userId) {
    return upsert(userId, UUID.randomUUID().toString(), eventId());
  }

  static UpsertEvent upsert(
      String userId, String taskId, String eventId, String expectedEtag, String summary) {
    return new UpsertEvent(
        UUID.randomUUID().toString(),
        userId,
        taskId,
        "primary",
        eventId,
        expectedEtag,
        SendUpdates.NONE,
        summary,
        "Prepare the numbers",
        EventTime.ofDateTime(START, "Europe/Berlin"),
        EventTime.ofDateTime(START.plusMinutes(30), "Europe/Berlin"),
        List.of("carol@example.com"),
        Map.of(UpsertEvent.TASK_ID_PROPERTY, taskId, "calsyncOrigin", "crm"));
  }

  static DeleteEvent delete(String userId, String taskId, String eventId) {
    return new DeleteEvent(UUID.randomUUID().toString(), userId, taskId, "primary", eventId, null);
  }
}
