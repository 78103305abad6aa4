package io.calsync.orchestrator.erasure;

import io.calsync.contracts.ContractMessage;
import io.calsync.contracts.calendar.CommandResult;
import io.calsync.contracts.calendar.EventChanged;
import io.calsync.contracts.connection.ConnectionConnected;
import java.time.Instant;

/**
 * What happens to a record about a user who was erased at {@code erasedAt}. Pure.
 *
 * <ul>
 *   <li>Anything produced before the erase (its {@code ce_time}, else the Kafka timestamp) is
 *       dropped: an in-flight task event, a redelivered connection event, the connector's last
 *       listing.
 *   <li>Event changes and command results are dropped until the user connects again, whatever their
 *       time: after an erase the connector neither lists the calendar nor executes commands for the
 *       user, so anything still arriving belongs to the erased state.
 *   <li>A {@code ConnectionConnected} after the erase starts over: the marker is lifted.
 *   <li>Other records after the erase (the CRM keeps publishing task events; settings saved while
 *       disconnected) are handled as for a user who never connected.
 * </ul>
 */
public final class ErasureRule {

  private ErasureRule() {}

  /** The verdict for one record. */
  public enum Verdict {
    /** Handle the record as usual. */
    PASS,
    /** Handle it, and forget the marker first: the user connected again. */
    PASS_AND_LIFT,
    /** Ignore it: it describes the erased state. */
    DROP
  }

  public static Verdict judge(ContractMessage message, Instant producedAt, Instant erasedAt) {
    if (erasedAt == null) {
      return Verdict.PASS;
    }
    if (producedAt == null || !producedAt.isAfter(erasedAt)) {
      return Verdict.DROP;
    }
    if (message instanceof ConnectionConnected) {
      return Verdict.PASS_AND_LIFT;
    }
    if (message instanceof EventChanged || message instanceof CommandResult) {
      return Verdict.DROP;
    }
    return Verdict.PASS;
  }
}
