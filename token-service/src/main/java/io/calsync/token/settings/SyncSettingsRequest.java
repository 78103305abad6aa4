package io.calsync.token.settings;

import io.calsync.contracts.calendar.SendUpdates;
import io.calsync.contracts.connection.CompletedTaskPolicy;
import io.calsync.contracts.connection.DateOnlyTaskPolicy;
import io.calsync.contracts.connection.GoogleEventDeletionPolicy;
import io.calsync.contracts.connection.InvitationPolicy;
import io.calsync.contracts.connection.SyncMode;
import io.calsync.contracts.connection.SyncSettings;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * Body of {@code PUT /api/v1/sync/settings}. {@code sendUpdates} may be left out (no invitation
 * e-mails); {@code timeZone} null means the Google calendar's own time zone; {@code
 * googleEventDeletionPolicy} and {@code invitationPolicy} may be left out (the contract's defaults
 * {@code KEEP_EVENT} and {@code ACCEPTED_ONLY}, as for clients written before they existed).
 */
record SyncSettingsRequest(
    @NotNull SyncMode mode,
    @NotNull CompletedTaskPolicy completedTaskPolicy,
    @NotNull DateOnlyTaskPolicy dateOnlyTaskPolicy,
    @NotNull @Min(5) @Max(1440) Integer defaultEventDurationMinutes,
    @Size(max = 64) String timeZone,
    SendUpdates sendUpdates,
    GoogleEventDeletionPolicy googleEventDeletionPolicy,
    InvitationPolicy invitationPolicy) {

  SyncSettings toSettings() {
    return new SyncSettings(
        mode,
        completedTaskPolicy,
        dateOnlyTaskPolicy,
        defaultEventDurationMinutes,
        timeZone == null || timeZone.isBlank() ? null : timeZone,
        sendUpdates == null ? SendUpdates.NONE : sendUpdates,
        googleEventDeletionPolicy,
        invitationPolicy);
  }
}
