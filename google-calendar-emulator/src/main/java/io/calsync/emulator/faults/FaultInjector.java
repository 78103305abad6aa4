package io.calsync.emulator.faults;

import io.calsync.emulator.wire.GoogleApiException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Injected server errors and latency. A rule's {@code endpoint} is an exact endpoint name, a prefix
 * ending in {@code *} ({@code events.*}, {@code oauth.*}) or null for every Calendar API call;
 * {@code account} null matches every account.
 */
@Component
public class FaultInjector {

  /**
   * Fail matching calls with {@code status}: the next {@code count} ones (null = until cleared),
   * each with probability {@code fraction} (null = 1).
   */
  public record ErrorRule(
      String id,
      int status,
      String reason,
      String message,
      Integer count,
      Double fraction,
      String endpoint,
      String account) {}

  /** Delay matching calls by {@code millis} before they are processed. */
  public record LatencyRule(String id, long millis, String endpoint) {}

  private record ActiveError(ErrorRule rule, AtomicInteger remaining) {}

  private final List<ActiveError> errors = new CopyOnWriteArrayList<>();
  private final List<LatencyRule> latencies = new CopyOnWriteArrayList<>();

  public ErrorRule addError(ErrorRule rule) {
    if (rule.status() < 400 || rule.status() > 599) {
      throw GoogleApiException.invalid("status must be a 4xx or 5xx code");
    }
    ErrorRule stored =
        new ErrorRule(
            rule.id() == null ? UUID.randomUUID().toString() : rule.id(),
            rule.status(),
            rule.reason() == null ? "backendError" : rule.reason(),
            rule.message() == null ? "Backend Error" : rule.message(),
            rule.count(),
            rule.fraction(),
            rule.endpoint(),
            rule.account());
    errors.add(
        new ActiveError(stored, new AtomicInteger(rule.count() == null ? -1 : rule.count())));
    return stored;
  }

  public LatencyRule addLatency(LatencyRule rule) {
    LatencyRule stored =
        new LatencyRule(
            rule.id() == null ? UUID.randomUUID().toString() : rule.id(),
            rule.millis(),
            rule.endpoint());
    latencies.add(stored);
    return stored;
  }

  Optional<GoogleApiException> nextError(Endpoint endpoint, String account) {
    for (ActiveError active : errors) {
      ErrorRule rule = active.rule();
      if (!matches(rule.endpoint(), endpoint)
          || (rule.account() != null && !rule.account().equalsIgnoreCase(account))) {
        continue;
      }
      if (rule.fraction() != null && ThreadLocalRandom.current().nextDouble() >= rule.fraction()) {
        continue;
      }
      if (active.remaining().get() >= 0) {
        if (active.remaining().getAndUpdate(n -> n > 0 ? n - 1 : n) <= 0) {
          errors.remove(active);
          continue;
        }
        if (active.remaining().get() == 0) {
          errors.remove(active);
        }
      }
      return Optional.of(
          new GoogleApiException(
              HttpStatus.valueOf(rule.status()),
              "global",
              rule.reason(),
              rule.message(),
              null,
              null,
              Map.of()));
    }
    return Optional.empty();
  }

  Duration latency(Endpoint endpoint) {
    long millis = 0;
    for (LatencyRule rule : latencies) {
      if (matches(rule.endpoint(), endpoint)) {
        millis = Math.max(millis, rule.millis());
      }
    }
    return Duration.ofMillis(millis);
  }

  static boolean matches(String pattern, Endpoint endpoint) {
    if (pattern == null || pattern.isBlank()) {
      return endpoint.calendarApi();
    }
    if (pattern.endsWith("*")) {
      return endpoint.name().startsWith(pattern.substring(0, pattern.length() - 1));
    }
    return pattern.equals(endpoint.name());
  }

  public List<ErrorRule> errors() {
    return errors.stream()
        .map(
            a ->
                new ErrorRule(
                    a.rule().id(),
                    a.rule().status(),
                    a.rule().reason(),
                    a.rule().message(),
                    a.remaining().get() < 0 ? null : a.remaining().get(),
                    a.rule().fraction(),
                    a.rule().endpoint(),
                    a.rule().account()))
        .toList();
  }

  public List<LatencyRule> latencies() {
    return List.copyOf(latencies);
  }

  public void clear() {
    errors.clear();
    latencies.clear();
  }
}
