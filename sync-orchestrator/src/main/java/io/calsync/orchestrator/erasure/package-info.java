/**
 * "Disconnect and erase my data": a tombstone (null value, key = user id) on {@code
 * sync.connection-events} deletes everything this service stored about the user in one transaction
 * ({@link io.calsync.orchestrator.erasure.UserErasure}), and a pseudonymous marker makes later
 * records about that user that were produced before the erase harmless ({@link
 * io.calsync.orchestrator.erasure.ErasureRule}, applied by the intake before any feature sees a
 * record).
 */
package io.calsync.orchestrator.erasure;
