package io.calsync.contracts.calendar;

import static io.calsync.contracts.ContractViolationException.required;
import static io.calsync.contracts.ContractViolationException.requiredText;

import io.calsync.contracts.ContractViolationException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Create or update the event of a task. The event id is derived deterministically from {@code
 * (userId, taskId)} (base32hex), so a retried insert answered 409 adopts the existing event instead
 * of creating a duplicate.
 *
 * @param commandId unique id of this command
 * @param userId owner of the task and the calendar; the Kafka key
 * @param taskId the task the event mirrors
 * @param calendarId target calendar
 * @param eventId deterministic Google event id (base32hex, 5–1024 characters)
 * @param expectedEtag nullable: etag the update is conditional on
 * @param sendUpdates who gets invitation e-mails; {@code none} when absent
 * @param summary event title (may be empty, never null)
 * @param description nullable
 * @param start event start
 * @param end event end
 * @param attendees attendee e-mail addresses (empty when none)
 * @param privateExtendedProperties {@code extendedProperties.private}; always contains {@code
 *     calsyncTaskId = taskId}. Merged into the event's own private properties: properties of other
 *     applications stay.
 * @param fields nullable: the mapped fields this write sets on an existing event (a patch: every
 *     other field of the event stays as Google has it); absent = all of them. An insert always sets
 *     every mapped field.
 */
public record UpsertEvent(
    String commandId,
    String userId,
    String taskId,
    String calendarId,
    String eventId,
    String expectedEtag,
    SendUpdates sendUpdates,
    String summary,
    String description,
    EventTime start,
    EventTime end,
    List<String> attendees,
    Map<String, String> privateExtendedProperties,
    Set<EventField> fields)
    implements CalendarCommand {

  /** Private extended property linking an event to its CalSync task. */
  public static final String TASK_ID_PROPERTY = "calsyncTaskId";

  public UpsertEvent {
    requiredText(commandId, "commandId");
    requiredText(userId, "userId");
    requiredText(taskId, "taskId");
    requiredText(calendarId, "calendarId");
    requiredText(eventId, "eventId");
    sendUpdates = sendUpdates == null ? SendUpdates.NONE : sendUpdates;
    required(summary, "summary");
    required(start, "start");
    required(end, "end");
    attendees = List.copyOf(required(attendees, "attendees"));
    privateExtendedProperties =
        Map.copyOf(required(privateExtendedProperties, "privateExtendedProperties"));
    if (!taskId.equals(privateExtendedProperties.get(TASK_ID_PROPERTY))) {
      throw new ContractViolationException(
          "field `privateExtendedProperties` must contain `"
              + TASK_ID_PROPERTY
              + "` equal to `taskId`");
    }
    fields = fields == null ? null : Set.copyOf(fields);
  }

  /** An upsert that sets every mapped field. */
  public UpsertEvent(
      String commandId,
      String userId,
      String taskId,
      String calendarId,
      String eventId,
      String expectedEtag,
      SendUpdates sendUpdates,
      String summary,
      String description,
      EventTime start,
      EventTime end,
      List<String> attendees,
      Map<String, String> privateExtendedProperties) {
    this(
        commandId,
        userId,
        taskId,
        calendarId,
        eventId,
        expectedEtag,
        sendUpdates,
        summary,
        description,
        start,
        end,
        attendees,
        privateExtendedProperties,
        null);
  }

  /** Whether this write sets {@code field}. */
  public boolean sets(EventField field) {
    return fields == null || fields.contains(field);
  }

  /** This command setting only {@code only} (null = every mapped field). */
  public UpsertEvent withFields(Set<EventField> only) {
    return new UpsertEvent(
        commandId,
        userId,
        taskId,
        calendarId,
        eventId,
        expectedEtag,
        sendUpdates,
        summary,
        description,
        start,
        end,
        attendees,
        privateExtendedProperties,
        only);
  }
}
