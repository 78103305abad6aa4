package io.calsync.task.api;

import io.calsync.task.api.InvalidRequestException.InvalidField;
import io.calsync.task.tasks.TaskDraft;
import jakarta.validation.Validator;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Checks a {@link TaskRequest} completely (bean constraints plus the rules between fields) and
 * reports every broken rule at once, so a client can fix its form in one round trip.
 */
@Component
class TaskRequestValidator {

  private static final LocalDate FIRST_DATE = LocalDate.of(1, 1, 1);
  private static final LocalDate LAST_DATE = LocalDate.of(9999, 12, 31);

  private final Validator validator;

  TaskRequestValidator(Validator validator) {
    this.validator = validator;
  }

  TaskDraft validate(TaskRequest request) {
    List<InvalidField> invalid = new ArrayList<>();
    validator
        .validate(request)
        .forEach(
            violation ->
                invalid.add(
                    new InvalidField(
                        violation.getPropertyPath().toString(), violation.getMessage())));
    if (request.dueTime() != null && request.dueDate() == null) {
      invalid.add(new InvalidField("dueTime", "requires dueDate"));
    }
    controlCharacters("title", request.title(), false, invalid);
    controlCharacters("description", request.description(), true, invalid);
    controlCharacters("assigneeEmail", request.assigneeEmail(), false, invalid);
    if (request.dueDate() != null
        && (request.dueDate().isBefore(FIRST_DATE) || request.dueDate().isAfter(LAST_DATE))) {
      // The contract's dates are RFC 3339 full-dates: four-digit years, none before year 1.
      invalid.add(new InvalidField("dueDate", "must be between 0001-01-01 and 9999-12-31"));
    }
    // ZoneId.of also takes offsets such as "+02:00"; events need a region id with its DST rules.
    if (request.timeZone() != null && !ZoneId.getAvailableZoneIds().contains(request.timeZone())) {
      invalid.add(new InvalidField("timeZone", "must be an IANA time zone id, e.g. Europe/Berlin"));
    }
    if (!invalid.isEmpty()) {
      invalid.sort(Comparator.comparing(InvalidField::field));
      throw new InvalidRequestException(invalid);
    }
    return new TaskDraft(
        request.title(),
        request.description(),
        request.dueDate(),
        // Task events carry HH:MM:SS.
        request.dueTime() == null ? null : request.dueTime().truncatedTo(ChronoUnit.SECONDS),
        request.timeZone(),
        request.assigneeEmail(),
        request.status());
  }

  /**
   * Rejects control characters (NUL, escape, …), which PostgreSQL refuses to store (NUL) or which
   * have no place in a calendar title; a description may keep tabs and line breaks.
   */
  private static void controlCharacters(
      String field, String value, boolean multiline, List<InvalidField> invalid) {
    if (value == null) {
      return;
    }
    boolean bad =
        value
            .codePoints()
            .anyMatch(
                c ->
                    Character.getType(c) == Character.CONTROL
                        && !(multiline && (c == '\t' || c == '\n' || c == '\r')));
    if (bad) {
      invalid.add(
          new InvalidField(
              field,
              multiline
                  ? "must not contain control characters other than tab and line breaks"
                  : "must not contain control characters"));
    }
  }
}
