package io.calsync.task.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.calsync.task.api.InvalidRequestException.InvalidField;
import io.calsync.task.tasks.TaskDraft;
import jakarta.validation.Validation;
import jakarta.validation.ValidatorFactory;
import java.time.LocalDate;
import java.time.LocalTime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class TaskRequestValidatorTest {

  private static final ValidatorFactory FACTORY = Validation.buildDefaultValidatorFactory();

  private final TaskRequestValidator validator = new TaskRequestValidator(FACTORY.getValidator());

  @AfterAll
  static void close() {
    FACTORY.close();
  }

  @Test
  void dropsFractionsOfASecond_fromTheDueTime() {
    TaskDraft draft =
        validator.validate(
            new TaskRequest(
                "Call Acme",
                null,
                LocalDate.of(2026, 3, 3),
                LocalTime.of(14, 0, 5, 500_000_000),
                "Europe/Berlin",
                "bob@example.com",
                null));

    assertThat(draft.dueTime()).isEqualTo(LocalTime.of(14, 0, 5));
  }

  @Test
  void acceptsRegionZonesAndUtc_butNotOffsets() {
    assertThat(validator.validate(titled("UTC")).timeZone()).isEqualTo("UTC");
    assertThat(validator.validate(titled("America/Sao_Paulo")).timeZone())
        .isEqualTo("America/Sao_Paulo");
    for (String zone : new String[] {"+02:00", "UTC+1", "GMT+01:00", "Europe/Atlantis", ""}) {
      assertThatThrownBy(() -> validator.validate(titled(zone)))
          .as(zone)
          .isInstanceOfSatisfying(
              InvalidRequestException.class,
              e -> assertThat(e.fields()).extracting(InvalidField::field).contains("timeZone"));
    }
  }

  @Test
  void reportsEveryBrokenRule_sortedByField() {
    TaskRequest request =
        new TaskRequest("", null, null, LocalTime.NOON, "Nowhere/City", "not-an-address", null);

    assertThatThrownBy(() -> validator.validate(request))
        .isInstanceOfSatisfying(
            InvalidRequestException.class,
            e ->
                assertThat(e.fields())
                    .extracting(InvalidField::field)
                    .containsExactly("assigneeEmail", "dueTime", "timeZone", "title"));
  }

  private static TaskRequest titled(String zone) {
    return new TaskRequest("t", null, null, null, zone, null, null);
  }
}
