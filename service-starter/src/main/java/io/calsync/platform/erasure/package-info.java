/**
 * Forgetting a user (design: a tombstone on {@code sync.connection-events}): the pseudonymous
 * {@code erased_user} marker every consumer checks before a late record takes effect, and the one
 * transactional erase each service feeds with its own statements.
 */
package io.calsync.platform.erasure;
