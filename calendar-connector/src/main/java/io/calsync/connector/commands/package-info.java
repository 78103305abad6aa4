/**
 * Executes the orchestrator's calendar commands: consumes {@code calendar.commands}, answers each
 * command exactly once per delivery on {@code calendar.command-results} (the starter's inbox,
 * {@code processed_message}, makes redeliveries re-publish the stored result), and parks the
 * commands of users whose Google connection is lost until {@code ConnectionConnected} arrives on
 * {@code sync.connection-events}, and those that met a Google or token-service outage longer than
 * the retries until {@code OutageRedrive} gets them through.
 */
package io.calsync.connector.commands;
