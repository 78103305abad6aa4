package io.calsync.orchestrator.link;

import io.calsync.contracts.calendar.EventChanged;
import io.calsync.contracts.task.EventTaskIds;

/**
 * What the decision needs of a task's link.
 *
 * @param eventEtag nullable: the etag last reported by the connector
 * @param active false once the event was removed on the task's behalf (the row stays)
 * @param taskVersion the task version last sent to Google (or agreed on by a merge)
 * @param appliedTaskVersion the task version Google is known to hold: only a {@code CommandApplied}
 *     (or a merge finding both sides equal) moves it, never a send
 * @param event nullable: the latest version of the event known (as Google reported it, or as
 *     CalSync's last write left it): what a write leaves alone, and the event's length
 */
public record LinkState(
    String calendarId,
    String eventId,
    String eventEtag,
    boolean active,
    long taskVersion,
    long appliedTaskVersion,
    EventChanged event) {

  /** What the decision alone needs; it does not look at the versions. */
  public LinkState(String calendarId, String eventId, String eventEtag, boolean active) {
    this(calendarId, eventId, eventEtag, active, 0, 0, null);
  }

  /** This link knowing {@code latest} as the event's current version. */
  public LinkState withEvent(EventChanged latest) {
    return new LinkState(
        calendarId, eventId, eventEtag, active, taskVersion, appliedTaskVersion, latest);
  }

  /**
   * Whether the event was there first and the task was created from it (docs/crm-to-google.md,
   * "Events CalSync did not create"): the task's id is the one derived from the event.
   */
  public boolean googleBorn(String userId, String taskId) {
    return EventTaskIds.createdFrom(userId, taskId, eventId);
  }

  /** Whether someone other than the calendar's owner organises the event (an invitation). */
  public boolean organisedByOther() {
    return event != null && !event.organisedByOwner();
  }
}
