/**
 * CRM → Google (docs/crm-to-google.md): {@link io.calsync.orchestrator.crmtogoogle.TaskSync} turns
 * task events into calendar commands decided by the pure {@link
 * io.calsync.orchestrator.reconcile.CalendarCommandDecider}; {@link
 * io.calsync.orchestrator.crmtogoogle.CommandResults} applies what the connector reports back and
 * continues a link's writes; in {@code TWO_WAY} mode a linked task change is merged with its event
 * ({@link io.calsync.orchestrator.crmtogoogle.MergeEffects}: what the pure {@link
 * io.calsync.orchestrator.reconcile.Reconciliation} decides). The handlers load state; {@link
 * io.calsync.orchestrator.crmtogoogle.TaskEffects} and {@code MergeEffects} (pure) say what
 * happens, as {@link io.calsync.orchestrator.effect.Effects} for the applier.
 */
package io.calsync.orchestrator.crmtogoogle;
