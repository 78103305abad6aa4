package io.calsync.contracts.calendar;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The rule for the one attendee entry CalSync owns on an event: the task's assignee. Writing the
 * assignee ({@link EventField#ASSIGNEE}) adds that attendee if the event does not have them yet,
 * and removes only the attendee CalSync itself added before (named by the private property {@link
 * EventChanged#ADDED_ATTENDEE_PROPERTY}) when the assignee changes or is cleared. Every other
 * attendee, and every field of an attendee who stays, is left as it is. The private property {@link
 * EventChanged#ASSIGNEE_PROPERTY} names the assignee ({@code ""} for none), so that the event's
 * assignee reads back as the task's even when the meeting has several guests.
 *
 * <p>Shared by the connector (which applies it to Google's attendee objects) and the orchestrator
 * (which keeps its snapshot of the event as Google then holds it).
 */
public final class AssigneeAttendee {

  private AssigneeAttendee() {}

  /**
   * @param attendees the e-mail addresses of the event's attendees after the write, in order
   * @param added the attendee CalSync added, or null when CalSync added none
   * @param assignee the assignee, or null for none
   */
  public record Result(List<String> attendees, String added, String assignee) {

    /** The private properties recording this result, to merge into the event's own. */
    public Map<String, String> properties() {
      return Map.of(
          EventChanged.ASSIGNEE_PROPERTY,
          assignee == null ? "" : assignee,
          EventChanged.ADDED_ATTENDEE_PROPERTY,
          added == null ? "" : added);
    }
  }

  /**
   * @param current the event's attendees' addresses now (null = none)
   * @param previouslyAdded nullable: the attendee CalSync added before ({@link
   *     EventChanged#ADDED_ATTENDEE_PROPERTY})
   * @param assignee nullable: the assignee to write
   */
  public static Result write(List<String> current, String previouslyAdded, String assignee) {
    String wanted = normalise(assignee);
    String before = normalise(previouslyAdded);
    List<String> attendees = new ArrayList<>();
    for (String address : current == null ? List.<String>of() : current) {
      String normalised = normalise(address);
      if (before != null && before.equals(normalised) && !before.equals(wanted)) {
        continue;
      }
      attendees.add(address);
    }
    String added = before != null && before.equals(wanted) ? before : null;
    if (wanted != null && attendees.stream().noneMatch(a -> wanted.equals(normalise(a)))) {
      attendees.add(wanted);
      added = wanted;
    }
    return new Result(List.copyOf(attendees), added, wanted);
  }

  /** Trimmed, lower case; blank is null. */
  public static String normalise(String address) {
    return address == null || address.isBlank() ? null : address.trim().toLowerCase(Locale.ROOT);
  }
}
