package io.calsync.task.api;

import io.calsync.contracts.task.TaskStatus;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;
import java.time.LocalTime;

/**
 * Body of create ({@code POST}) and replace ({@code PUT}). Sizes are rejected, never cut; control
 * characters, dates outside years 1–9999 and zones that are not IANA ids are checked by {@link
 * TaskRequestValidator}.
 */
record TaskRequest(
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED, maxLength = 1024)
        @NotBlank
        @Size(max = 1024)
        String title,
    @Schema(maxLength = TaskRequest.MAX_DESCRIPTION) @Size(max = TaskRequest.MAX_DESCRIPTION)
        String description,
    @Schema(description = "Due date in timeZone, years 0001 to 9999", example = "2026-03-03")
        LocalDate dueDate,
    @Schema(
            description = "Due time in timeZone; requires dueDate; seconds fractions are dropped",
            type = "string",
            example = "14:00:00")
        LocalTime dueTime,
    @Schema(
            description =
                "IANA zone id. Absent: on create the configured default (UTC), on replace the"
                    + " current zone",
            example = "Europe/Berlin")
        @Size(max = 64)
        String timeZone,
    @Email @Size(max = 320) String assigneeEmail,
    @Schema(description = "Absent: OPEN on create, unchanged on replace") TaskStatus status) {
  /** Google Calendar keeps descriptions of up to 8 KiB; longer ones would be cut there. */
  static final int MAX_DESCRIPTION = 8192;
}
