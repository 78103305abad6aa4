/**
 * Google → CRM (docs/google-to-crm.md): {@link io.calsync.orchestrator.googletocrm.EventSync} turns
 * calendar event changes into task commands (create, update, unlink) decided by the pure {@link
 * io.calsync.orchestrator.googletocrm.EventChangeDecider}; linked changes are reconciled against
 * the link's merge base, so one change may also send a calendar command. {@link
 * io.calsync.orchestrator.googletocrm.EventEffects} (pure) turns a decision into {@link
 * io.calsync.orchestrator.effect.Effects} for the applier.
 */
package io.calsync.orchestrator.googletocrm;
