package io.calsync.orchestrator.guard;

import java.time.Duration;

/**
 * The mass-deletion rule, a pure function: what to do with a user's waiting (PENDING) deletions.
 *
 * <ol>
 *   <li>The user already has deletions held for their decision → {@link Verdict#HOLD}: further
 *       deletions join the hold.
 *   <li>The burst is still coming in (the newest deletion is younger than {@code settle}, and the
 *       oldest younger than {@code window}) → {@link Verdict#WAIT}.
 *   <li>Counting the waiting deletions and those applied without a hold within {@code window}: more
 *       than {@code maxDeletions}; or, for a user with at least {@code minLinksForShare} links,
 *       more than {@code maxShare} of their links; or every link deleted in Google (a calendar that
 *       suddenly lists nothing, from {@code emptyCalendarMinLinks} links on) → {@link
 *       Verdict#HOLD}.
 *   <li>Otherwise → {@link Verdict#APPLY}.
 * </ol>
 *
 * <p>The user's links are those active now plus those whose deletion was applied in the window (the
 * links they had when the burst began); links whose deletion waits are still active.
 */
public final class BurstRule {

  private BurstRule() {}

  /** What becomes of the waiting deletions. */
  public enum Verdict {
    WAIT,
    APPLY,
    HOLD
  }

  /**
   * A user's deletions as the sweeper sees them.
   *
   * @param waiting PENDING deletions, both directions
   * @param waitingFromGoogle of those, events deleted in Google
   * @param appliedInWindow deletions applied without a hold within the window
   * @param activeLinks the user's ACTIVE links (including those whose deletion waits)
   * @param newestAge how long ago the newest waiting deletion arrived
   * @param oldestAge how long ago the oldest waiting deletion arrived
   * @param holdOpen whether the user has deletions HELD for their decision
   */
  public record Burst(
      int waiting,
      int waitingFromGoogle,
      int appliedInWindow,
      int activeLinks,
      Duration newestAge,
      Duration oldestAge,
      boolean holdOpen) {}

  public static Verdict decide(Burst burst, DeletionGuardProperties limits) {
    if (burst.waiting() == 0) {
      return Verdict.WAIT;
    }
    if (burst.holdOpen()) {
      return Verdict.HOLD;
    }
    boolean settled = burst.newestAge().compareTo(limits.settle()) >= 0;
    boolean overdue = burst.oldestAge().compareTo(limits.window()) >= 0;
    if (!settled && !overdue) {
      return Verdict.WAIT;
    }
    return massDeletion(burst, limits) ? Verdict.HOLD : Verdict.APPLY;
  }

  /** Whether the burst is a mass deletion (step 3 of the rule). */
  static boolean massDeletion(Burst burst, DeletionGuardProperties limits) {
    int deletions = burst.waiting() + burst.appliedInWindow();
    if (deletions > limits.maxDeletions()) {
      return true;
    }
    int links = burst.activeLinks() + burst.appliedInWindow();
    if (links >= limits.minLinksForShare() && deletions > limits.maxShare() * links) {
      return true;
    }
    return burst.activeLinks() >= limits.emptyCalendarMinLinks()
        && burst.waitingFromGoogle() >= burst.activeLinks();
  }
}
