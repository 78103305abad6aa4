package io.calsync.orchestrator.link;

import io.calsync.contracts.calendar.EventChanged;
import io.calsync.orchestrator.merge.SyncFields;
import java.time.Instant;

/**
 * A link as the Google → CRM merge sees it.
 *
 * @param state {@code ACTIVE}, {@code PENDING} (task creation asked) or {@code DELETED}
 * @param deletedBy nullable: {@code TASK} or {@code EVENT} for a {@code DELETED} link
 * @param eventEtag nullable: the etag of the latest event version known (ours or Google's)
 * @param eventUpdated nullable: its {@code updated}
 * @param event nullable: the latest event version known
 * @param base nullable: the fields both sides last agreed on
 * @param taskChangedAt nullable: when a CRM user last changed the task
 */
public record Link(
    String userId,
    String taskId,
    String calendarId,
    String eventId,
    String state,
    String deletedBy,
    String eventEtag,
    Instant eventUpdated,
    EventChanged event,
    SyncFields base,
    Instant taskChangedAt) {

  public static final String ACTIVE = "ACTIVE";
  public static final String PENDING = "PENDING";
  public static final String DELETED = "DELETED";
  static final String BY_EVENT = "EVENT";

  public boolean active() {
    return ACTIVE.equals(state);
  }

  public boolean pending() {
    return PENDING.equals(state);
  }

  public boolean deleted() {
    return DELETED.equals(state);
  }

  /**
   * Google refused our last write with 412 ({@link LinkRepository#eventStale}): the event's current
   * version is on its way and has not been merged yet.
   */
  public boolean conflictPending() {
    return active() && event == null && eventEtag == null && eventUpdated != null;
  }

  /** The event was deleted in Google: the task is unlinked for good. */
  public boolean unlinkedByEvent() {
    return deleted() && BY_EVENT.equals(deletedBy);
  }
}
