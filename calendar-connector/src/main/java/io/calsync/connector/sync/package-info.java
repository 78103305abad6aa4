/**
 * The read side (Google → CRM): which users this instance polls (partition ownership in the sync
 * consumer group), the incremental sync with sync tokens and its schedule, push channels and their
 * webhook. Decisions: docs/google-to-crm-connector.md.
 */
package io.calsync.connector.sync;
