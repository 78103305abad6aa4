/**
 * Kafka plumbing every service shares: the error handler with its dead-letter recoverer and
 * non-retryable classification, topic declaration from the contract, and the Kafka health
 * indicator. A service contributes a {@link io.calsync.platform.messaging.ServiceTopics} bean and,
 * optionally, {@link io.calsync.platform.messaging.NonRetryableExceptions} beans.
 */
package io.calsync.platform.messaging;
