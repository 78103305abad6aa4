package io.calsync.orchestrator.metrics;

import io.calsync.orchestrator.history.HistoryAction;
import io.calsync.orchestrator.history.HistoryOutcome;

/** A decision's metric tags, counted by {@link SyncMetrics} once its transaction committed. */
public record Tally(HistoryAction action, HistoryOutcome outcome, String reason) {

  /** Nothing done, a metric only. */
  public static Tally ignored(String reason) {
    return new Tally(HistoryAction.NONE, HistoryOutcome.IGNORED, reason);
  }

  /** Nothing done; the history says why. */
  public static Tally skipped(String reason) {
    return new Tally(HistoryAction.NONE, HistoryOutcome.SKIPPED, reason);
  }

  /** A command published. */
  public static Tally sent(HistoryAction action, String reason) {
    return new Tally(action, HistoryOutcome.COMMAND_SENT, reason);
  }

  /** Handed to the mass-deletion guard; {@code action} is what applying it will do. */
  public static Tally deferred(HistoryAction action, String reason) {
    return new Tally(action, HistoryOutcome.DEFERRED, reason);
  }

  public boolean commandSent() {
    return outcome == HistoryOutcome.COMMAND_SENT;
  }
}
