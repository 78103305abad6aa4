/**
 * What is this service's own in its Kafka plumbing: the topics it declares and its own
 * non-retryable exception. Retries and dead letters, the Kafka health indicator and the
 * idempotent-consumer inbox ({@code io.calsync.platform.inbox.Inbox}) come from the platform
 * starter.
 */
package io.calsync.orchestrator.messaging;
