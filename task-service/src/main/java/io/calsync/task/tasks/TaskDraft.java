package io.calsync.task.tasks;

import io.calsync.contracts.task.TaskStatus;
import java.time.LocalDate;
import java.time.LocalTime;

/**
 * The fields a user writes, already validated by the caller.
 *
 * @param timeZone IANA zone id; null keeps the current zone (the configured default on create)
 * @param status null keeps the current status ({@code OPEN} on create)
 */
public record TaskDraft(
    String title,
    String description,
    LocalDate dueDate,
    LocalTime dueTime,
    String timeZone,
    String assigneeEmail,
    TaskStatus status) {}
