package io.calsync.emulator.faults;

import io.calsync.emulator.wire.GoogleApiException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Calendar API usage limits. In {@code REALISTIC} mode Google's sliding per-minute quotas apply
 * (600 per user, 10,000 per project by default). Independently, forced rate-limit rules make calls
 * of one user or of the whole project fail the way Google's quota errors do.
 */
@Component
public class QuotaLimiter {

  public enum Mode {
    OFF,
    REALISTIC
  }

  public enum Scope {
    USER,
    PROJECT
  }

  /**
   * Force quota errors: for {@code USER} scope only calls of {@code account}. {@code status} 403
   * (reason userRateLimitExceeded for a user, rateLimitExceeded for the project) or 429
   * (rateLimitExceeded). Ends after {@code count} calls and/or at {@code until} (null = never).
   */
  public record RateLimitRule(
      String id, Scope scope, String account, Integer status, Integer count, Instant until) {}

  /** The current quota configuration. */
  public record Quota(Mode mode, int perUserPerMinute, int perProjectPerMinute) {}

  private record ActiveRule(RateLimitRule rule, AtomicInteger remaining) {}

  private static final long MINUTE = 60_000;

  private final Clock clock;
  private volatile Quota quota = new Quota(Mode.OFF, 600, 10_000);
  private final Map<String, SlidingWindow> users = new ConcurrentHashMap<>();
  private volatile SlidingWindow project = new SlidingWindow(MINUTE);
  private final List<ActiveRule> rules = new CopyOnWriteArrayList<>();

  QuotaLimiter(Clock clock) {
    this.clock = clock;
  }

  public Quota quota() {
    return quota;
  }

  public void configure(Quota quota) {
    this.quota = quota;
    users.clear();
    project = new SlidingWindow(MINUTE);
  }

  public RateLimitRule addRule(RateLimitRule rule) {
    if (rule.scope() == Scope.USER && rule.account() == null) {
      throw GoogleApiException.invalid("account is required for a USER rate limit");
    }
    int status = rule.status() == null ? 403 : rule.status();
    if (status != 403 && status != 429) {
      throw GoogleApiException.invalid("status must be 403 or 429");
    }
    RateLimitRule stored =
        new RateLimitRule(
            rule.id() == null ? UUID.randomUUID().toString() : rule.id(),
            rule.scope() == null ? Scope.PROJECT : rule.scope(),
            rule.account(),
            status,
            rule.count(),
            rule.until());
    rules.add(new ActiveRule(stored, new AtomicInteger(rule.count() == null ? -1 : rule.count())));
    return stored;
  }

  public List<RateLimitRule> rules() {
    return rules.stream().map(ActiveRule::rule).toList();
  }

  Optional<GoogleApiException> check(String account) {
    Instant now = clock.instant();
    for (ActiveRule active : rules) {
      RateLimitRule rule = active.rule();
      if (rule.until() != null && !now.isBefore(rule.until())) {
        rules.remove(active);
        continue;
      }
      if (rule.scope() == Scope.USER && !rule.account().equalsIgnoreCase(account)) {
        continue;
      }
      if (active.remaining().get() >= 0 && active.remaining().getAndDecrement() <= 0) {
        rules.remove(active);
        continue;
      }
      return Optional.of(error(rule.scope(), rule.status()));
    }
    Quota current = quota;
    if (current.mode() == Mode.REALISTIC) {
      long millis = now.toEpochMilli();
      SlidingWindow user = users.computeIfAbsent(account, a -> new SlidingWindow(MINUTE));
      if (!user.tryAcquire(millis, current.perUserPerMinute())) {
        return Optional.of(error(Scope.USER, 403));
      }
      if (!project.tryAcquire(millis, current.perProjectPerMinute())) {
        return Optional.of(error(Scope.PROJECT, 403));
      }
    }
    return Optional.empty();
  }

  static GoogleApiException error(Scope scope, int status) {
    if (status == 429) {
      return usageLimits(HttpStatus.TOO_MANY_REQUESTS, "rateLimitExceeded", "Rate Limit Exceeded");
    }
    return scope == Scope.USER
        ? usageLimits(HttpStatus.FORBIDDEN, "userRateLimitExceeded", "User Rate Limit Exceeded")
        : usageLimits(HttpStatus.FORBIDDEN, "rateLimitExceeded", "Rate Limit Exceeded");
  }

  private static GoogleApiException usageLimits(HttpStatus status, String reason, String message) {
    return new GoogleApiException(status, "usageLimits", reason, message, null, null, Map.of());
  }

  public void reset() {
    rules.clear();
    configure(new Quota(Mode.OFF, 600, 10_000));
  }
}
