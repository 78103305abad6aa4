package io.calsync.emulator.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.springframework.stereotype.Component;

/**
 * All calendars (one primary calendar per account), the global change counter, the read lag that
 * emulates eventual consistency, and change listeners (push channels).
 */
@Component
public class CalendarStore {

  private final Accounts accounts;
  private final Clock clock;
  private final Map<String, CalendarState> calendars = new ConcurrentHashMap<>();
  private final AtomicLong changeCounter = new AtomicLong();
  private final AtomicLong lastMicros = new AtomicLong();
  private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
  private volatile Duration readLag = Duration.ZERO;

  CalendarStore(Accounts accounts, Clock clock) {
    this.accounts = accounts;
    this.clock = clock;
  }

  /** The primary calendar of an existing account. */
  public Optional<CalendarState> calendar(String calendarId) {
    return accounts
        .find(calendarId)
        .map(a -> calendars.computeIfAbsent(a.email(), CalendarState::new));
  }

  /**
   * Writes a new version of an event. {@code build} receives the write's timestamp in microseconds
   * (unique and increasing, used for {@code updated} and the etag) and returns the full resource.
   */
  public EventVersion write(
      CalendarState calendar, String eventId, java.util.function.LongFunction<ObjectNode> build) {
    EventVersion version;
    synchronized (calendar) {
      long micros = nextMicros();
      ObjectNode resource = build.apply(micros);
      Instant writtenAt = Instant.ofEpochSecond(micros / 1_000_000, (micros % 1_000_000) * 1_000);
      version = new EventVersion(eventId, resource, changeCounter.incrementAndGet(), writtenAt);
      calendar.append(version, writtenAt.minus(readLag).minusSeconds(60));
    }
    listeners.forEach(l -> l.accept(calendar.calendarId()));
    return version;
  }

  /** The change number a list request should see now, given the configured read lag. */
  public long readableChange(CalendarState calendar) {
    Duration lag = readLag;
    return lag.isZero()
        ? calendar.lastChange()
        : calendar.lastChangeAtOrBefore(clock.instant().minus(lag));
  }

  public Instant now() {
    return clock.instant();
  }

  public Duration readLag() {
    return readLag;
  }

  public void setReadLag(Duration lag) {
    readLag = lag == null || lag.isNegative() ? Duration.ZERO : lag;
  }

  public void onChange(Consumer<String> listener) {
    listeners.add(listener);
  }

  public void reset() {
    calendars.clear();
    readLag = Duration.ZERO;
  }

  private long nextMicros() {
    Instant now = clock.instant();
    long micros = now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
    return lastMicros.updateAndGet(last -> Math.max(last + 1, micros));
  }
}
