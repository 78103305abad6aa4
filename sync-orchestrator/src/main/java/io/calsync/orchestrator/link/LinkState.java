package io.calsync.orchestrator.link;

/**
 * What the decision needs of a task's link.
 *
 * @param eventEtag nullable: the etag last reported by the connector
 * @param active false once the event was removed on the task's behalf (the row stays)
 * @param taskVersion the task version last sent to Google (or agreed on by a merge)
 * @param appliedTaskVersion the task version Google is known to hold: only a {@code CommandApplied}
 *     (or a merge finding both sides equal) moves it, never a send
 */
public record LinkState(
    String calendarId,
    String eventId,
    String eventEtag,
    boolean active,
    long taskVersion,
    long appliedTaskVersion) {

  /** What the decision alone needs; it does not look at the versions. */
  public LinkState(String calendarId, String eventId, String eventEtag, boolean active) {
    this(calendarId, eventId, eventEtag, active, 0, 0);
  }
}
