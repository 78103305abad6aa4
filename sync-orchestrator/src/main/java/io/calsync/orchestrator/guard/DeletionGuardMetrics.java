package io.calsync.orchestrator.guard;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/**
 * {@code calsync.deletions.held} (gauge): deletions held for a user's decision, over all users (no
 * user tags: ops see that holds exist, the settings page shows whose); {@code
 * calsync.deletion.holds} (counter): holds started; {@code calsync.deletion.decisions} (counter,
 * tag {@code decision}): users' decisions that changed something.
 */
@Component
class DeletionGuardMetrics {

  static final String HELD = "calsync.deletions.held";
  static final String HOLDS = "calsync.deletion.holds";
  static final String DECISIONS = "calsync.deletion.decisions";

  private final MeterRegistry registry;
  private final AtomicLong held = new AtomicLong();

  DeletionGuardMetrics(MeterRegistry registry) {
    this.registry = registry;
    Gauge.builder(HELD, held, AtomicLong::get)
        .description("Deletions held for the users' decision")
        .register(registry);
  }

  void held(long total) {
    held.set(total);
  }

  void holdStarted() {
    Counter.builder(HOLDS)
        .description("Mass deletions held for the user's decision")
        .register(registry)
        .increment();
  }

  void decided(String decision) {
    Counter.builder(DECISIONS)
        .description("Users' decisions about held deletions")
        .tag("decision", decision)
        .register(registry)
        .increment();
  }
}
