package io.calsync.orchestrator.guard;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The mass-deletion guard's thresholds ({@code calsync.deletion-guard}); the rule is {@link
 * BurstRule}.
 *
 * @param settle how long a user's deletions must have stopped arriving before they are applied: a
 *     burst is judged as a whole, so none of it is applied while it is still coming in
 * @param window the span over which a user's deletions count together (waiting plus applied without
 *     a hold); also the longest a deletion waits while more keep arriving
 * @param sweepInterval how often the sweeper looks at waiting deletions
 * @param maxDeletions more deletions than this in the window are held
 * @param maxShare a larger share of the user's links deleted in the window is held
 * @param minLinksForShare the share counts only for users with at least this many links
 * @param emptyCalendarMinLinks Google-side deletions of every one of the user's links (a calendar
 *     that suddenly lists nothing) are held from this many links on, whatever the other thresholds
 */
@Validated
@ConfigurationProperties("calsync.deletion-guard")
public record DeletionGuardProperties(
    @DefaultValue("3s") Duration settle,
    @DefaultValue("60s") Duration window,
    @DefaultValue("1s") Duration sweepInterval,
    @DefaultValue("10") int maxDeletions,
    @DefaultValue("0.5") double maxShare,
    @DefaultValue("5") int minLinksForShare,
    @DefaultValue("2") int emptyCalendarMinLinks) {

  public DeletionGuardProperties {
    if (settle.isNegative() || window.compareTo(settle) < 0) {
      throw new IllegalArgumentException("calsync.deletion-guard: need 0 <= settle <= window");
    }
    if (sweepInterval.isNegative() || sweepInterval.isZero()) {
      throw new IllegalArgumentException("calsync.deletion-guard.sweep-interval must be > 0");
    }
    if (maxDeletions < 0 || maxShare < 0 || maxShare > 1 || minLinksForShare < 1) {
      throw new IllegalArgumentException(
          "calsync.deletion-guard: max-deletions >= 0, 0 <= max-share <= 1,"
              + " min-links-for-share >= 1");
    }
  }
}
