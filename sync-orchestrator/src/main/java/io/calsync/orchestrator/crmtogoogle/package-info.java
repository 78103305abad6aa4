/**
 * CRM → Google (docs/crm-to-google.md): {@link io.calsync.orchestrator.crmtogoogle.TaskSync} turns
 * task events into calendar commands decided by the pure {@link
 * io.calsync.orchestrator.crmtogoogle.CalendarCommandDecider}; {@link
 * io.calsync.orchestrator.crmtogoogle.CommandResults} applies what the connector reports back and
 * continues a link's writes; in {@code TWO_WAY} mode a linked task change is merged with its event
 * ({@link io.calsync.orchestrator.crmtogoogle.LinkMerger}, {@link
 * io.calsync.orchestrator.crmtogoogle.Reconciliation}). {@code Reconciliation} is public because
 * the Google → CRM decision reconciles a linked event change the same way.
 */
package io.calsync.orchestrator.crmtogoogle;
