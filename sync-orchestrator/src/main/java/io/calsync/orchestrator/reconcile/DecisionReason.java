package io.calsync.orchestrator.reconcile;

/** Why a task change led to a command or to none; the text is what the sync history shows. */
public enum DecisionReason {
  TASK_SCHEDULED("task has a due date and time"),
  TASK_ALL_DAY("date-only task, policy ALL_DAY_EVENT"),
  TASK_COMPLETED_MARKED("task completed, policy MARK_EVENT"),
  TASK_DELETED("task deleted"),
  TASK_DELETED_NOT_LINKED("task deleted; it had no event"),
  DUE_DATE_CLEARED("task has no due date any more"),
  NO_DUE_DATE("task has no due date"),
  DATE_ONLY_SKIPPED("date-only task, policy SKIP"),
  TASK_COMPLETED_DELETED("task completed, policy DELETE_EVENT"),
  TASK_COMPLETED_NOT_LINKED("task completed, policy DELETE_EVENT; it had no event"),
  NOT_CONNECTED("Google Calendar is not connected"),
  MODE_GOOGLE_TO_CRM("sync mode GOOGLE_TO_CRM does not write to Google"),
  MODE_PAUSED("sync is paused"),
  NOT_ORGANIZER(
      "the event is organised by someone else; CalSync never changes or deletes another person's"
          + " meeting"),
  GOOGLE_EVENT_KEPT(
      "task deleted; its event was created in Google Calendar and stays there (setting: keep"
          + " events created in Google)"),
  GOOGLE_EVENT_DUE_DATE_CLEARED(
      "task has no due date any more; its event was created in Google Calendar and stays there"),
  GOOGLE_EVENT_COMPLETED_KEPT(
      "task completed, policy DELETE_EVENT; its event was created in Google Calendar and stays"
          + " there"),
  GOOGLE_ALL_DAY("date-only task from an all-day event in Google; the event stays all-day");

  private final String text;

  DecisionReason(String text) {
    this.text = text;
  }

  public String text() {
    return text;
  }
}
