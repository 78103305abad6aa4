/**
 * Google Calendar side of the contract: normalised event snapshots from the connector ({@code
 * calendar.event-changes}), the commands the orchestrator sends to the connector ({@code
 * calendar.commands}) and their outcomes ({@code calendar.command-results}).
 */
package io.calsync.contracts.calendar;
