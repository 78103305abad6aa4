package io.calsync.connector.commands;

import java.util.Locale;

/** Why a user's commands wait in {@code parked_command} (its {@code reason} column). */
enum ParkReason {
  /** The Google grant is lost: resumed by {@code ConnectionConnected}, dropped on revocation. */
  CONNECTION_LOST,
  /** Google or token-service still failed after all retries: re-driven by {@link OutageRedrive}. */
  OUTAGE;

  /** The value of the {@code reason} tag of {@code calsync_commands_parked}. */
  String tag() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
