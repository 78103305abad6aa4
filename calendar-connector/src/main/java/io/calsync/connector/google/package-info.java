/**
 * Google Calendar API v3 through the official client, behind resilience4j: per-user and
 * project-wide rate limiters below Google's quotas, a circuit breaker for outages, and a retry with
 * exponential back-off and jitter for quota answers, 5xx and I/O errors.
 */
package io.calsync.connector.google;
