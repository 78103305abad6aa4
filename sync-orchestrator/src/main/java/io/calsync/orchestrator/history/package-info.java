/**
 * The per-user sync history: {@link io.calsync.orchestrator.history.SyncHistory} writes an entry in
 * the transaction of the effect it describes; {@code GET /api/v1/sync/history} lets a user read
 * their own entries.
 */
package io.calsync.orchestrator.history;
