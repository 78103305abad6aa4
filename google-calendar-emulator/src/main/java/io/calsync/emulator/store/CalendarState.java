package io.calsync.emulator.store;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The events of one calendar with their change log. Writes are serialised by the instance lock;
 * readers get immutable {@link EventVersion}s. Reads through {@link #visibleAt(long)} see the
 * calendar as of a change number, which is how both sync tokens and read lag are answered.
 */
public final class CalendarState {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final String calendarId;
  private final Map<String, EventVersion> latest = new LinkedHashMap<>();
  private final List<EventVersion> log = new ArrayList<>();
  private long lastChange;
  // Random start, so tokens issued before a reset or restart answer 410 instead of silently
  // missing the deletions that the reset swallowed.
  private int syncGeneration = RANDOM.nextInt(Integer.MAX_VALUE / 2);

  CalendarState(String calendarId) {
    this.calendarId = calendarId;
  }

  public String calendarId() {
    return calendarId;
  }

  public synchronized Optional<EventVersion> current(String eventId) {
    return Optional.ofNullable(latest.get(eventId));
  }

  public synchronized Collection<EventVersion> currentEvents() {
    return List.copyOf(latest.values());
  }

  synchronized void append(EventVersion version, Instant keepSince) {
    latest.put(version.id(), version);
    log.add(version);
    lastChange = version.changeNumber();
    if (log.size() > 4 * latest.size() + 1_000) {
      // Older versions only matter while a lagging reader may still need them.
      log.removeIf(v -> latest.get(v.id()) != v && v.writtenAt().isBefore(keepSince));
    }
  }

  public synchronized long lastChange() {
    return lastChange;
  }

  /** The newest change number written no later than {@code cutoff}. */
  public synchronized long lastChangeAtOrBefore(Instant cutoff) {
    for (int i = log.size() - 1; i >= 0; i--) {
      if (!log.get(i).writtenAt().isAfter(cutoff)) {
        return log.get(i).changeNumber();
      }
    }
    return 0;
  }

  /** Every event as it was after change {@code changeNumber}, in creation order. */
  public synchronized List<EventVersion> visibleAt(long changeNumber) {
    if (changeNumber >= lastChange) {
      return List.copyOf(latest.values());
    }
    Map<String, EventVersion> view = new LinkedHashMap<>();
    for (EventVersion v : log) {
      if (v.changeNumber() > changeNumber) {
        break;
      }
      view.put(v.id(), v);
    }
    return List.copyOf(view.values());
  }

  public synchronized int syncGeneration() {
    return syncGeneration;
  }

  /** Invalidates every sync token issued so far for this calendar. */
  public synchronized void expireSyncTokens() {
    syncGeneration++;
  }
}
