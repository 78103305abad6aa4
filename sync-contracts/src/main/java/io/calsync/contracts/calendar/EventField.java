package io.calsync.contracts.calendar;

/**
 * The fields of a Google event CalSync maps and may write. Everything else of an event (location,
 * conference data, reminders, colour, other attendees, other applications' properties, ...) is the
 * user's and is never written.
 */
public enum EventField {
  /** {@code summary}. */
  SUMMARY,
  /** {@code description}. */
  DESCRIPTION,
  /** {@code start} and {@code end}. */
  TIME,
  /** The assignee's entry in {@code attendees}; other attendees stay. */
  ASSIGNEE
}
