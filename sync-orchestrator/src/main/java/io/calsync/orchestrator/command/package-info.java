/**
 * The commands the orchestrator sends: publishers for {@code calendar.commands} and {@code
 * crm.task-commands} (sent and acknowledged inside the caller's transaction), their logs ({@code
 * calendar_command}, {@code task_command}) and the deterministic command ids that make a
 * redelivered record re-send the same command.
 */
package io.calsync.orchestrator.command;
