/** On-demand sync requests on {@code sync.requests}: "Sync Now" and an admin's full resync. */
package io.calsync.contracts.sync;
