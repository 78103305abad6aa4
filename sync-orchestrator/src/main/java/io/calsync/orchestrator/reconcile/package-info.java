/**
 * What both sync directions share, pure: how a task maps onto its event ({@link
 * io.calsync.orchestrator.reconcile.CalendarCommandDecider}, its {@link
 * io.calsync.orchestrator.reconcile.Decision} and {@link
 * io.calsync.orchestrator.reconcile.DecisionReason}, {@link
 * io.calsync.orchestrator.reconcile.EventIds}) and the merge of a linked task and event against the
 * link's base ({@link io.calsync.orchestrator.reconcile.Reconciliation}). {@code crmtogoogle} and
 * {@code googletocrm} both depend on this package and not on each other; {@link
 * io.calsync.orchestrator.reconcile.EventRestorer} is the one operation Google → CRM asks of CRM →
 * Google (re-creating a kept task's event), implemented by {@code crmtogoogle.TaskSync}.
 */
package io.calsync.orchestrator.reconcile;
