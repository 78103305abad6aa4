package io.calsync.orchestrator.sync;

import io.calsync.contracts.calendar.SendUpdates;
import io.calsync.contracts.connection.CompletedTaskPolicy;
import io.calsync.contracts.connection.ConnectionConnected;
import io.calsync.contracts.connection.DateOnlyTaskPolicy;
import io.calsync.contracts.connection.SyncMode;
import io.calsync.contracts.connection.SyncSettings;
import java.time.Instant;
import java.util.List;

/** Users' connections and settings. */
final class ConnectionMother {

  static final String OWNER_EMAIL = "owner@example.com";

  private ConnectionMother() {}

  /** Connected with the default settings (two-way, mark completed, skip date-only, 30 min). */
  static UserConnection connected(String userId) {
    return new UserConnection(
        userId, ConnectionStatus.CONNECTED, OWNER_EMAIL, SyncSettings.defaults());
  }

  static UserConnection connected(String userId, SyncSettings settings) {
    return new UserConnection(userId, ConnectionStatus.CONNECTED, OWNER_EMAIL, settings);
  }

  static UserConnection withStatus(String userId, ConnectionStatus status) {
    return new UserConnection(userId, status, OWNER_EMAIL, SyncSettings.defaults());
  }

  static SyncSettings settings(SyncMode mode) {
    return with(
        mode, CompletedTaskPolicy.MARK_EVENT, DateOnlyTaskPolicy.SKIP, 30, SendUpdates.NONE);
  }

  static SyncSettings with(
      SyncMode mode,
      CompletedTaskPolicy completed,
      DateOnlyTaskPolicy dateOnly,
      int durationMinutes,
      SendUpdates sendUpdates) {
    return new SyncSettings(mode, completed, dateOnly, durationMinutes, null, sendUpdates);
  }

  /** The contract event token-service publishes when {@code userId} connects. */
  static ConnectionConnected connectedEvent(String userId, SyncSettings settings) {
    return new ConnectionConnected(
        userId,
        OWNER_EMAIL,
        List.of("https://www.googleapis.com/auth/calendar.events"),
        settings,
        Instant.parse("2026-11-27T09:00:00Z"));
  }
}
