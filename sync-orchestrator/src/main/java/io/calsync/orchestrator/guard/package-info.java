/**
 * The mass-deletion guard (docs/google-to-crm.md, "Mass-deletion guard"): every deletion the
 * handlers would carry out, in either direction, is handed to {@link
 * io.calsync.orchestrator.guard.DeletionGuard} instead of being sent; {@code DeletionSweeper}
 * applies a user's deletions once their burst settled, unless {@link
 * io.calsync.orchestrator.guard.BurstRule} (pure) calls it a mass deletion, which is then held for
 * the user's decision ({@code GET/POST /api/v1/sync/held-deletions}). Applying runs the handlers'
 * own code ({@link io.calsync.orchestrator.guard.HeldDeletionApplier}). Depends on {@code history},
 * {@code metrics}, {@code db}; the handlers ({@code crmtogoogle}, {@code googletocrm}) depend on
 * it.
 */
package io.calsync.orchestrator.guard;
