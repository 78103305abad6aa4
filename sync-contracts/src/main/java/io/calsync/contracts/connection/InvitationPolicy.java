package io.calsync.contracts.connection;

/**
 * Which invitations (events someone else organises, in the user's calendar) become CRM tasks.
 * CalSync never writes to such an event, whatever this says.
 */
public enum InvitationPolicy {
  /** Only invitations the user accepted (or answered "maybe"). The default. */
  ACCEPTED_ONLY,
  /** Every invitation, including ones not answered yet or declined. */
  ALL
}
