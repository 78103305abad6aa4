/**
 * "Disconnect and erase my data": {@link io.calsync.token.erasure.ErasureController} asks
 * calendar-connector to clean up in Google while the grant still works ({@link
 * io.calsync.token.erasure.ConnectorClient}: stop push channels, optionally delete the events
 * CalSync created), revokes the grant, deletes every row of the user here and publishes a tombstone
 * through the outbox, on which every other service erases the user.
 */
package io.calsync.token.erasure;
