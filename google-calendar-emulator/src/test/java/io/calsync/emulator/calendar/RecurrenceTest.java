package io.calsync.emulator.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecurrenceTest {

  static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  static final ZonedDateTime MONDAY_NINE =
      LocalDateTime.parse("2026-03-23T09:00:00").atZone(BERLIN);
  static final Instant FAR = Instant.parse("2030-01-01T00:00:00Z");

  static List<ZonedDateTime> expand(String rrule, ZonedDateTime start, String... more) {
    List<String> lines = new java.util.ArrayList<>(List.of(rrule));
    lines.addAll(List.of(more));
    return Recurrence.occurrences(
        Recurrence.parse(lines, start.getZone(), false), start, FAR, 1000);
  }

  static LocalDate[] dates(String... isoDates) {
    return Arrays.stream(isoDates).map(LocalDate::parse).toArray(LocalDate[]::new);
  }

  @Test
  void dailyWithCount_yieldsCountOccurrencesKeepingLocalTimeAcrossDst() {
    List<ZonedDateTime> days = expand("RRULE:FREQ=DAILY;COUNT=10", MONDAY_NINE);

    assertThat(days).hasSize(10);
    assertThat(days).allSatisfy(d -> assertThat(d.toLocalTime().getHour()).isEqualTo(9));
    // Berlin switches to summer time on 2026-03-29: same wall-clock time, different offset.
    assertThat(days.get(0).getOffset()).isNotEqualTo(days.get(9).getOffset());
  }

  @Test
  void intervalSkipsPeriods() {
    assertThat(expand("RRULE:FREQ=DAILY;INTERVAL=2;COUNT=3", MONDAY_NINE))
        .extracting(ZonedDateTime::toLocalDate)
        .containsExactly(dates("2026-03-23", "2026-03-25", "2026-03-27"));
  }

  @Test
  void weeklyUntil_isInclusive() {
    List<ZonedDateTime> weeks = expand("RRULE:FREQ=WEEKLY;UNTIL=20260406T070000Z", MONDAY_NINE);

    assertThat(weeks)
        .extracting(ZonedDateTime::toLocalDate)
        .containsExactly(dates("2026-03-23", "2026-03-30", "2026-04-06"));
  }

  @Test
  void weeklyByDay_walksTheWeekdaysInOrder() {
    assertThat(expand("RRULE:FREQ=WEEKLY;BYDAY=MO,WE,FR;COUNT=5", MONDAY_NINE))
        .extracting(z -> z.getDayOfWeek().toString())
        .containsExactly("MONDAY", "WEDNESDAY", "FRIDAY", "MONDAY", "WEDNESDAY");
  }

  @Test
  void exdate_removesAnOccurrenceButStillCountsIt() {
    assertThat(
            expand(
                "RRULE:FREQ=DAILY;COUNT=3",
                MONDAY_NINE,
                "EXDATE;TZID=Europe/Berlin:20260324T090000"))
        .extracting(ZonedDateTime::toLocalDate)
        .containsExactly(dates("2026-03-23", "2026-03-25"));
  }

  @Test
  void unboundedRule_stopsAtTheWindowEnd() {
    List<ZonedDateTime> days =
        Recurrence.occurrences(
            Recurrence.parse(List.of("RRULE:FREQ=DAILY"), BERLIN, false),
            MONDAY_NINE,
            MONDAY_NINE.plusDays(4).toInstant(),
            1000);

    assertThat(days).hasSize(4);
  }

  @Test
  void instanceIds_followGoogleFormat() {
    assertThat(Recurrence.instanceId("abc123", MONDAY_NINE, false))
        .isEqualTo("abc123_20260323T080000Z");
    assertThat(Recurrence.instanceId("abc123", MONDAY_NINE, true)).isEqualTo("abc123_20260323");
  }
}
