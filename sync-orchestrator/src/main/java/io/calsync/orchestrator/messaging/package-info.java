/**
 * Kafka plumbing shared by every consumer of this service: the topics it declares, how listener
 * failures are retried or dead-lettered, the Kafka health indicator, and the idempotent-consumer
 * {@link io.calsync.orchestrator.messaging.Inbox}.
 */
package io.calsync.orchestrator.messaging;
