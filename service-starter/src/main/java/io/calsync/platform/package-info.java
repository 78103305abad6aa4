/**
 * The CalSync platform starter: Spring Boot auto-configuration for the infrastructure every service
 * shares, so that it is written once. Each service supplies only what is its own (its topics, its
 * extra non-retryable exceptions, its routes). Domain code never lives here; contracts stay in
 * {@code sync-contracts}.
 */
package io.calsync.platform;
