/**
 * The field-level three-way merge (docs/google-to-crm.md): {@link
 * io.calsync.orchestrator.merge.SyncFields} puts a task and an event into one comparable shape,
 * {@link io.calsync.orchestrator.merge.ThreeWayMerge} merges them against the last agreed fields
 * (one side changed: that side; both: the most recent change). Pure, no Spring, no database.
 */
package io.calsync.orchestrator.merge;
