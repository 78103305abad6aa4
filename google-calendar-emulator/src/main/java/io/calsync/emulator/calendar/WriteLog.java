package io.calsync.emulator.calendar;

import io.calsync.emulator.store.Resettable;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Every event write with the notification choice it was made with, so tests can prove that no
 * invitation e-mails would have gone out ({@code sendUpdates=none}).
 */
@Component
public class WriteLog implements Resettable {

  private static final int CAPACITY = 10_000;

  /**
   * One write. {@code actor} is {@code api:<clientId>} for Calendar API calls, {@code user} for the
   * calendar owner in Google's UI and {@code organizer:<email>} for an invitation's organizer (both
   * control API). {@code sendUpdates} is the request parameter as sent (null when absent); {@code
   * notificationsSent} is how many attendees Google would have e-mailed. {@code organizerCopy}
   * tells whether the calendar owner organizes the event (false: a write to an attendee's copy,
   * which Google does not propagate to the organizer); {@code changedFields} lists the top-level
   * fields the write changed (all of them for an insert; etag, updated and sequence never).
   */
  public record Write(
      Instant at,
      String calendarId,
      String method,
      String eventId,
      String actor,
      String sendUpdates,
      int notificationsSent,
      boolean organizerCopy,
      List<String> changedFields) {

    public Write {
      changedFields = List.copyOf(changedFields);
    }

    /** Whether a Calendar API client (rather than a control-API actor) made the write. */
    public boolean byApi() {
      return actor.startsWith("api:");
    }
  }

  private final Deque<Write> writes = new ArrayDeque<>();

  synchronized void record(Write write) {
    if (writes.size() == CAPACITY) {
      writes.removeFirst();
    }
    writes.addLast(write);
  }

  public synchronized List<Write> writes(String calendarId) {
    return writes(calendarId, null);
  }

  /** The writes to one calendar (all when null), of one event (all when null). */
  public synchronized List<Write> writes(String calendarId, String eventId) {
    return writes.stream()
        .filter(w -> calendarId == null || w.calendarId().equalsIgnoreCase(calendarId))
        .filter(w -> eventId == null || w.eventId().equals(eventId))
        .toList();
  }

  @Override
  public synchronized void reset() {
    writes.clear();
  }
}
