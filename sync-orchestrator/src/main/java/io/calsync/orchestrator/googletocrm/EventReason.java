package io.calsync.orchestrator.googletocrm;

/** Why an event change led to commands or to none; the text is what the sync history shows. */
enum EventReason {
  NEW_EVENT("new event in Google Calendar"),
  EVENT_CHANGED("event changed in Google Calendar"),
  EVENT_DELETED("event deleted in Google Calendar; the task was unlinked"),
  LINK_REBUILT("event carries a task id: link rebuilt instead of creating a task"),
  DUPLICATE_MESSAGE("message already processed"),
  OWN_WRITE("etag of CalSync's own write"),
  ECHO("content equals the last synced event"),
  IN_SYNC("task and event already agree"),
  STALE_EVENT("older than the event version already seen"),
  TOMBSTONE("link was deleted; a deletion is never undone"),
  WRITE_IN_FLIGHT("a write to the event awaits its result; merged when it arrives"),
  TASK_BEING_CREATED("task creation in progress; merged when the task is reported"),
  TASK_DELETED("the linked task was deleted"),
  TASK_UNKNOWN("the linked task has not been reported yet"),
  NOT_LINKED("event without task was deleted"),
  COPY_OF_LINKED_EVENT("event carries the task id of a task linked to another event"),
  NOT_CONNECTED("Google Calendar is not connected"),
  MODE_CRM_TO_GOOGLE("sync mode CRM_TO_GOOGLE does not write to the CRM"),
  MODE_PAUSED("sync is paused"),
  OTHER_CALENDAR("event is not on the primary calendar"),
  RECURRING_SKIPPED("recurring event, policy SKIP"),
  PAST_EVENT("event starts in the past"),
  NO_START("event has no start"),
  NOT_WRITTEN_TO_GOOGLE(
      "task differs from the event; sync mode GOOGLE_TO_CRM does not write to Google, or the event"
          + " is organised by someone else"),
  INVITATION_NOT_ACCEPTED(
      "invitation not accepted (or declined); setting: only accepted invitations become tasks");

  private final String text;

  EventReason(String text) {
    this.text = text;
  }

  String text() {
    return text;
  }
}
