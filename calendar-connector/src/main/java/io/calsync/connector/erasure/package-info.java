/**
 * "Disconnect and erase my data" in the connector: before token-service revokes the grant it asks
 * for a Google clean-up ({@link io.calsync.connector.erasure.GoogleCleanupController}: stop the
 * user's push channels, and delete the events CalSync created when the user chose so); the
 * tombstone that follows on {@code sync.connection-events} deletes every row of the user ({@link
 * io.calsync.connector.erasure.UserErasure}) and leaves a pseudonymous marker (service-starter's
 * {@code ErasedUsers}) that makes late commands harmless.
 */
package io.calsync.connector.erasure;
