/**
 * Google → CRM (docs/google-to-crm.md): {@link io.calsync.orchestrator.googletocrm.EventSync} turns
 * calendar event changes into task commands (create, update, unlink) decided by the pure {@link
 * io.calsync.orchestrator.googletocrm.EventChangeDecider}; linked changes are reconciled against
 * the link's merge base, so one change may also send a calendar command.
 */
package io.calsync.orchestrator.googletocrm;
