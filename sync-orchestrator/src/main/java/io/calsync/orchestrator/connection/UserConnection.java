package io.calsync.orchestrator.connection;

import io.calsync.contracts.connection.SyncMode;
import io.calsync.contracts.connection.SyncSettings;

/**
 * A user's connection and settings, the local copy kept in {@code user_settings}.
 *
 * @param googleAccountEmail nullable: unknown when the {@code connected} record was compacted away
 *     before this service first read the topic
 */
public record UserConnection(
    String userId, ConnectionStatus status, String googleAccountEmail, SyncSettings settings) {

  /** Google's alias of the account's primary calendar, used while the address is unknown. */
  public static final String PRIMARY_CALENDAR = "primary";

  /** Whether task changes may be written to this user's calendar now. */
  public boolean writesToGoogle() {
    return status == ConnectionStatus.CONNECTED && writes(settings.mode());
  }

  static boolean writes(SyncMode mode) {
    return mode == SyncMode.TWO_WAY || mode == SyncMode.CRM_TO_GOOGLE;
  }

  /**
   * The calendar new events go to: the primary calendar, whose id is the account's address (the
   * connector reports event changes under that id, so links must use it too).
   */
  public String calendarId() {
    return googleAccountEmail == null ? PRIMARY_CALENDAR : googleAccountEmail;
  }
}
