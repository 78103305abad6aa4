package io.calsync.task.tasks;

import io.calsync.contracts.task.TaskStatus;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.UUID;

/**
 * A live (not deleted) task as stored.
 *
 * @param version grows by one with every change; the API's {@code ETag}
 * @param calendarId calendar of the linked event, null when not linked (or not known here)
 * @param eventId Google id of the linked event, null when not linked (or not known here)
 * @param unlinkedReason why the task lost its event (e.g. {@code EVENT_DELETED}), else null
 */
public record Task(
    UUID id,
    String ownerUserId,
    String title,
    String description,
    LocalDate dueDate,
    LocalTime dueTime,
    String timeZone,
    String assigneeEmail,
    TaskStatus status,
    long version,
    Instant createdAt,
    Instant updatedAt,
    String calendarId,
    String eventId,
    String unlinkedReason) {}
