package io.calsync.orchestrator.sync;

/**
 * What the decision needs of a task's link.
 *
 * @param eventEtag nullable: the etag last reported by the connector
 * @param active false once the event was removed on the task's behalf (the row stays)
 * @param taskVersion the task version last pushed to Google
 */
record LinkState(
    String calendarId, String eventId, String eventEtag, boolean active, long taskVersion) {}
