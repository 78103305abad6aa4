/**
 * Effects instead of transaction scripts: a handler loads state and asks its pure deciders, which
 * return {@link io.calsync.orchestrator.effect.Effects} (link transitions, commands, deletions for
 * the guard, history, tallies); {@link io.calsync.orchestrator.effect.EffectApplier} alone makes
 * them happen, in the record's transaction, and counts them after the commit.
 */
package io.calsync.orchestrator.effect;
