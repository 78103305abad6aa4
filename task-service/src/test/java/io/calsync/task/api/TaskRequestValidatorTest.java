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

  @Test
  void rejectsControlCharacters_butKeepsTabsAndLineBreaksInDescriptions() {
    TaskRequest multiline =
        new TaskRequest("Call Acme", "line 1\n\tline 2\r\n", null, null, "UTC", null, null);
    assertThat(validator.validate(multiline).description()).isEqualTo("line 1\n\tline 2\r\n");

    TaskRequest controls =
        new TaskRequest("Call\tAcme", "a\u0000b", null, null, "UTC", "bob\u0007@example.com", null);
    assertThatThrownBy(() -> validator.validate(controls))
        .isInstanceOfSatisfying(
            InvalidRequestException.class,
            e ->
                assertThat(e.fields())
                    .extracting(InvalidField::field)
                    // The address may also break @Email: each field at least once, no other.
                    .containsOnly("assigneeEmail", "description", "title"));
  }

  @Test
  void acceptsDatesOfYears1To9999_only() {
    for (LocalDate inRange : new LocalDate[] {LocalDate.of(1, 1, 1), LocalDate.of(9999, 12, 31)}) {
      assertThat(validator.validate(dueOn(inRange)).dueDate()).isEqualTo(inRange);
    }
    for (LocalDate outside :
        new LocalDate[] {LocalDate.of(0, 12, 31), LocalDate.of(10000, 1, 1), LocalDate.MIN}) {
      assertThatThrownBy(() -> validator.validate(dueOn(outside)))
          .as(outside.toString())
          .isInstanceOfSatisfying(
              InvalidRequestException.class,
              e ->
                  assertThat(e.fields())
                      .extracting(InvalidField::field)
                      .containsExactly("dueDate"));
    }
  }

  private static TaskRequest dueOn(LocalDate date) {
    return new TaskRequest("t", null, date, null, "UTC", null, null);
  }

  private static TaskRequest titled(String zone) {
    return new TaskRequest("t", null, null, null, zone, null, null);
  }
}
