/**
 * Each user's connection status and sync settings, copied from {@code sync.connection-events} by
 * {@link io.calsync.orchestrator.connection.ConnectionSync} into {@code user_settings}. A
 * (re)connect or a switch to a writing mode starts a {@link
 * io.calsync.orchestrator.connection.CatchUp}, which the CRM → Google side implements.
 */
package io.calsync.orchestrator.connection;
