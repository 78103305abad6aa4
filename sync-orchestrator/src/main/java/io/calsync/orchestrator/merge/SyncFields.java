package io.calsync.orchestrator.merge;

import io.calsync.contracts.calendar.EventChanged;
import io.calsync.contracts.calendar.EventTime;
import io.calsync.contracts.task.TaskEvent;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The synchronised fields of a task or an event in one neutral shape, so that the two sides can be
 * compared field by field (docs/google-to-crm.md, "Field mapping"). Normalised: a blank description
 * is no description, e-mail addresses are trimmed and lower case, the owner is never an assignee,
 * and the {@code ✔ } prefix CalSync puts on a completed task's event is not part of the title.
 *
 * @param title never null
 * @param description nullable
 * @param dueDate nullable
 * @param dueTime nullable: null for a date-only task or an all-day event
 * @param assignee nullable
 */
public record SyncFields(
    String title, String description, LocalDate dueDate, LocalTime dueTime, String assignee) {

  /** Prefix of the summary of a completed task's event under {@code MARK_EVENT}. */
  public static final String COMPLETED_PREFIX = "✔ ";

  /** The fields the merge decides one by one; the due date and time travel as one field. */
  public enum Field {
    TITLE,
    DESCRIPTION,
    DUE,
    ASSIGNEE
  }

  public SyncFields {
    title = title == null ? "" : title;
    description = description == null || description.isBlank() ? null : description;
    assignee = email(assignee);
  }

  public static SyncFields ofTask(TaskEvent task, String ownerEmail) {
    return new SyncFields(
        task.title(),
        task.description(),
        task.dueDate(),
        task.dueTime(),
        notOwner(task.assigneeEmail(), ownerEmail));
  }

  /**
   * The event's fields with its start expressed in {@code zone} (the task's time zone): a timed
   * start becomes the wall-clock date and time there, an all-day start a date without time.
   */
  public static SyncFields ofEvent(EventChanged event, String zone, String ownerEmail) {
    LocalDate date = null;
    LocalTime time = null;
    EventTime start = event.start();
    if (start != null && start.date() != null) {
      date = start.date();
    } else if (start != null) {
      ZonedDateTime local = start.dateTime().atZoneSameInstant(ZoneId.of(zone));
      date = local.toLocalDate();
      time = local.toLocalTime();
    }
    String summary = event.summary() == null ? "" : event.summary();
    if (summary.startsWith(COMPLETED_PREFIX)) {
      summary = summary.substring(COMPLETED_PREFIX.length());
    }
    return new SyncFields(
        summary,
        EventDescriptions.plainText(event.description()),
        date,
        time,
        assignee(event, ownerEmail));
  }

  /**
   * The event's assignee (docs/google-to-crm.md, "Assignee"): the attendee CalSync recorded as the
   * task's assignee ({@code calsyncAssignee}, {@code ""} = none) while that attendee is still
   * invited; otherwise the first attendee who is not the owner.
   */
  public static String assignee(EventChanged event, String ownerEmail) {
    Map<String, String> properties = event.privateExtendedProperties();
    String recorded = properties == null ? null : properties.get(EventChanged.ASSIGNEE_PROPERTY);
    if (recorded != null) {
      String address = email(recorded);
      if (address == null) {
        return null;
      }
      boolean invited =
          event.attendees() != null
              && event.attendees().stream().map(SyncFields::email).anyMatch(address::equals);
      if (invited && !address.equals(email(ownerEmail))) {
        return address;
      }
    }
    return assignee(event.attendees(), ownerEmail);
  }

  /** The first attendee who is not the owner: a task has one assignee. */
  static String assignee(List<String> attendees, String ownerEmail) {
    if (attendees == null) {
      return null;
    }
    return attendees.stream()
        .map(SyncFields::email)
        .filter(Objects::nonNull)
        .filter(address -> !address.equals(email(ownerEmail)))
        .findFirst()
        .orElse(null);
  }

  public Object value(Field field) {
    return switch (field) {
      case TITLE -> title;
      case DESCRIPTION -> description;
      case DUE -> dueTime == null ? dueDate : dueDate + "T" + dueTime;
      case ASSIGNEE -> assignee;
    };
  }

  /** This with {@code field} taken from {@code other}. */
  SyncFields with(Field field, SyncFields other) {
    return switch (field) {
      case TITLE -> new SyncFields(other.title, description, dueDate, dueTime, assignee);
      case DESCRIPTION -> new SyncFields(title, other.description, dueDate, dueTime, assignee);
      case DUE -> new SyncFields(title, description, other.dueDate, other.dueTime, assignee);
      case ASSIGNEE -> new SyncFields(title, description, dueDate, dueTime, other.assignee);
    };
  }

  private static String notOwner(String assignee, String ownerEmail) {
    String address = email(assignee);
    return address != null && address.equals(email(ownerEmail)) ? null : address;
  }

  private static String email(String address) {
    return address == null || address.isBlank() ? null : address.trim().toLowerCase(Locale.ROOT);
  }
}
