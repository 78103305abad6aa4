/** Binding helpers for the hand-written R2DBC SQL of the repositories and command logs. */
package io.calsync.orchestrator.db;
