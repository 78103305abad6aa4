package io.calsync.contracts.connection;

import static io.calsync.contracts.ContractViolationException.required;

import io.calsync.contracts.ContractViolationException;
import io.calsync.contracts.calendar.SendUpdates;
import java.time.ZoneId;

/**
 * A user's sync settings. All fields except {@code timeZone}, {@code googleEventDeletionPolicy} and
 * {@code invitationPolicy} are required on the wire (the last two were added later and default when
 * absent); {@link #defaults()} gives the values a new connection starts with.
 *
 * @param mode direction of synchronisation
 * @param completedTaskPolicy what a completed task does to its event
 * @param dateOnlyTaskPolicy what happens to tasks without due time
 * @param defaultEventDurationMinutes length of the event created for a task (event end = due time +
 *     this)
 * @param timeZone nullable IANA id: fallback for tasks and events that carry none; null means the
 *     Google calendar's own time zone
 * @param sendUpdates who gets invitation e-mails for CalSync's writes
 * @param googleEventDeletionPolicy what deleting a task does to the Google-born event it came from
 *     ({@code KEEP_EVENT} when absent)
 * @param invitationPolicy which invitations become tasks ({@code ACCEPTED_ONLY} when absent)
 */
public record SyncSettings(
    SyncMode mode,
    CompletedTaskPolicy completedTaskPolicy,
    DateOnlyTaskPolicy dateOnlyTaskPolicy,
    int defaultEventDurationMinutes,
    String timeZone,
    SendUpdates sendUpdates,
    GoogleEventDeletionPolicy googleEventDeletionPolicy,
    InvitationPolicy invitationPolicy) {

  /** Default length of a task's event. */
  public static final int DEFAULT_EVENT_DURATION_MINUTES = 30;

  public SyncSettings {
    required(mode, "mode");
    required(completedTaskPolicy, "completedTaskPolicy");
    required(dateOnlyTaskPolicy, "dateOnlyTaskPolicy");
    if (defaultEventDurationMinutes < 1) {
      throw new ContractViolationException(
          "field `defaultEventDurationMinutes` must be >= 1, was " + defaultEventDurationMinutes);
    }
    if (timeZone != null) {
      try {
        ZoneId.of(timeZone);
      } catch (RuntimeException e) {
        throw new ContractViolationException(
            "field `timeZone` is not a time zone id: " + timeZone, e);
      }
    }
    required(sendUpdates, "sendUpdates");
    googleEventDeletionPolicy =
        googleEventDeletionPolicy == null
            ? GoogleEventDeletionPolicy.KEEP_EVENT
            : googleEventDeletionPolicy;
    invitationPolicy = invitationPolicy == null ? InvitationPolicy.ACCEPTED_ONLY : invitationPolicy;
  }

  /** Settings with the default Google-born event and invitation policies. */
  public SyncSettings(
      SyncMode mode,
      CompletedTaskPolicy completedTaskPolicy,
      DateOnlyTaskPolicy dateOnlyTaskPolicy,
      int defaultEventDurationMinutes,
      String timeZone,
      SendUpdates sendUpdates) {
    this(
        mode,
        completedTaskPolicy,
        dateOnlyTaskPolicy,
        defaultEventDurationMinutes,
        timeZone,
        sendUpdates,
        null,
        null);
  }

  /**
   * Two-way sync, completed tasks marked, date-only tasks skipped, 30 minutes, no e-mails,
   * Google-born events kept when their task is deleted, accepted invitations only.
   */
  public static SyncSettings defaults() {
    return new SyncSettings(
        SyncMode.TWO_WAY,
        CompletedTaskPolicy.MARK_EVENT,
        DateOnlyTaskPolicy.SKIP,
        DEFAULT_EVENT_DURATION_MINUTES,
        null,
        SendUpdates.NONE);
  }
}
