package io.calsync.emulator.calendar;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Expansion of the recurrence rules the emulator understands: {@code RRULE} with {@code FREQ}
 * DAILY, WEEKLY (optionally {@code BYDAY}), MONTHLY or YEARLY (same day), {@code INTERVAL}, and
 * {@code COUNT} or {@code UNTIL}; plus {@code EXDATE}. Other rule parts are ignored.
 */
final class Recurrence {

  private static final DateTimeFormatter BASIC_DATE = DateTimeFormatter.BASIC_ISO_DATE;
  private static final DateTimeFormatter BASIC_LOCAL =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss");
  private static final DateTimeFormatter BASIC_UTC =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  enum Frequency {
    DAILY(ChronoUnit.DAYS),
    WEEKLY(ChronoUnit.WEEKS),
    MONTHLY(ChronoUnit.MONTHS),
    YEARLY(ChronoUnit.YEARS);

    final ChronoUnit unit;

    Frequency(ChronoUnit unit) {
      this.unit = unit;
    }
  }

  record Rule(
      Frequency frequency,
      int interval,
      Integer count,
      Instant until,
      Set<DayOfWeek> byDay,
      Set<Instant> excluded) {}

  private Recurrence() {}

  /** Parses the event's {@code recurrence} lines; null when there is no RRULE. */
  static Rule parse(List<String> lines, ZoneId zone, boolean allDay) {
    Rule rule = null;
    Set<Instant> excluded = new HashSet<>();
    for (String line : lines) {
      String upper = line.trim().toUpperCase(Locale.ROOT);
      if (upper.startsWith("RRULE:")) {
        rule = parseRule(upper.substring(6), zone, allDay);
      } else if (upper.startsWith("EXDATE")) {
        excluded.addAll(parseDates(line.trim(), zone));
      }
    }
    return rule == null
        ? null
        : new Rule(
            rule.frequency(), rule.interval(), rule.count(), rule.until(), rule.byDay(), excluded);
  }

  private static Rule parseRule(String text, ZoneId zone, boolean allDay) {
    Frequency frequency = null;
    int interval = 1;
    Integer count = null;
    Instant until = null;
    Set<DayOfWeek> byDay = EnumSet.noneOf(DayOfWeek.class);
    for (String part : text.split(";")) {
      int eq = part.indexOf('=');
      if (eq < 0) {
        continue;
      }
      String key = part.substring(0, eq);
      String value = part.substring(eq + 1);
      switch (key) {
        case "FREQ" -> frequency = Frequency.valueOf(value);
        case "INTERVAL" -> interval = Math.max(1, Integer.parseInt(value));
        case "COUNT" -> count = Integer.parseInt(value);
        case "UNTIL" -> until = parseUntil(value, zone);
        case "BYDAY" -> {
          for (String day : value.split(",")) {
            byDay.add(day(day.replaceAll("^[+-]?\\d+", "")));
          }
        }
        default -> {
          // Rule parts the emulator does not model are ignored rather than rejected.
        }
      }
    }
    if (frequency == null) {
      throw new IllegalArgumentException("RRULE without FREQ");
    }
    return new Rule(frequency, interval, count, until, byDay, Set.of());
  }

  private static Instant parseUntil(String value, ZoneId zone) {
    if (value.length() == 8) {
      // A date-only UNTIL includes that whole day.
      return LocalDate.parse(value, BASIC_DATE)
          .plusDays(1)
          .atStartOfDay(zone)
          .toInstant()
          .minusNanos(1);
    }
    if (value.endsWith("Z")) {
      return BASIC_UTC.parse(value, Instant::from);
    }
    return LocalDateTime.parse(value, BASIC_LOCAL).atZone(zone).toInstant();
  }

  private static List<Instant> parseDates(String line, ZoneId defaultZone) {
    int colon = line.indexOf(':');
    String params = line.substring(0, colon);
    ZoneId zone = defaultZone;
    int tzid = params.indexOf("TZID=");
    if (tzid >= 0) {
      zone = ZoneId.of(params.substring(tzid + 5).split(";")[0]);
    }
    List<Instant> dates = new ArrayList<>();
    for (String value : line.substring(colon + 1).split(",")) {
      if (value.length() == 8) {
        dates.add(LocalDate.parse(value, BASIC_DATE).atStartOfDay(zone).toInstant());
      } else if (value.endsWith("Z")) {
        dates.add(BASIC_UTC.parse(value, Instant::from));
      } else {
        dates.add(LocalDateTime.parse(value, BASIC_LOCAL).atZone(zone).toInstant());
      }
    }
    return dates;
  }

  private static DayOfWeek day(String code) {
    return switch (code) {
      case "MO" -> DayOfWeek.MONDAY;
      case "TU" -> DayOfWeek.TUESDAY;
      case "WE" -> DayOfWeek.WEDNESDAY;
      case "TH" -> DayOfWeek.THURSDAY;
      case "FR" -> DayOfWeek.FRIDAY;
      case "SA" -> DayOfWeek.SATURDAY;
      case "SU" -> DayOfWeek.SUNDAY;
      default -> throw new IllegalArgumentException("BYDAY " + code);
    };
  }

  /**
   * Start times of the occurrences, in order, from {@code start} up to (excluding) {@code
   * windowEnd}, at most {@code max}. COUNT counts excluded dates too, as in RFC 5545.
   */
  static List<ZonedDateTime> occurrences(
      Rule rule, ZonedDateTime start, Instant windowEnd, int max) {
    List<ZonedDateTime> result = new ArrayList<>();
    int generated = 0;
    boolean weeklyByDay = rule.frequency() == Frequency.WEEKLY && !rule.byDay().isEmpty();
    ZonedDateTime weekStart = start.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    for (long period = 0; result.size() < max; period++) {
      List<ZonedDateTime> candidates = new ArrayList<>();
      if (weeklyByDay) {
        ZonedDateTime week = weekStart.plusWeeks(period * rule.interval());
        for (DayOfWeek day : DayOfWeek.values()) {
          if (rule.byDay().contains(day)) {
            ZonedDateTime candidate = week.with(TemporalAdjusters.nextOrSame(day));
            if (!candidate.isBefore(start)) {
              candidates.add(candidate);
            }
          }
        }
      } else {
        candidates.add(start.plus(period * rule.interval(), rule.frequency().unit));
      }
      for (ZonedDateTime candidate : candidates) {
        if ((rule.count() != null && generated >= rule.count())
            || (rule.until() != null && candidate.toInstant().isAfter(rule.until()))
            || !candidate.toInstant().isBefore(windowEnd)
            || result.size() >= max) {
          return result;
        }
        generated++;
        if (!rule.excluded().contains(candidate.toInstant())) {
          result.add(candidate);
        }
      }
    }
    return result;
  }

  /** Google's instance id: {@code <eventId>_<start>} with the start in basic ISO form. */
  static String instanceId(String eventId, ZonedDateTime start, boolean allDay) {
    return eventId
        + "_"
        + (allDay ? BASIC_DATE.format(start.toLocalDate()) : BASIC_UTC.format(start.toInstant()));
  }
}
