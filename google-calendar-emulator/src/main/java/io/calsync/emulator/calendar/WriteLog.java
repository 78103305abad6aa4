package io.calsync.emulator.calendar;

import io.calsync.emulator.control.EmulatorControl;
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
public class WriteLog implements EmulatorControl.Resettable {

  private static final int CAPACITY = 10_000;

  /**
   * One write. {@code sendUpdates} is the request parameter as sent (null when absent); {@code
   * notificationsSent} is how many attendees Google would have e-mailed.
   */
  public record Write(
      Instant at,
      String calendarId,
      String method,
      String eventId,
      String actor,
      String sendUpdates,
      int notificationsSent) {}

  private final Deque<Write> writes = new ArrayDeque<>();

  synchronized void record(Write write) {
    if (writes.size() == CAPACITY) {
      writes.removeFirst();
    }
    writes.addLast(write);
  }

  public synchronized List<Write> writes(String calendarId) {
    return writes.stream()
        .filter(w -> calendarId == null || w.calendarId().equalsIgnoreCase(calendarId))
        .toList();
  }

  @Override
  public synchronized void reset() {
    writes.clear();
  }
}
