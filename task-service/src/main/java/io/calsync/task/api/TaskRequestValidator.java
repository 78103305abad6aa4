package io.calsync.task.api;

import io.calsync.task.api.InvalidRequestException.InvalidField;
import io.calsync.task.tasks.TaskDraft;
import jakarta.validation.Validator;
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
}
