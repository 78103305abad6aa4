package io.calsync.connector.sync;

/**
 * Whether this instance is the one responsible for a user: it holds the user's {@code
 * sync.connection-events} partition in the sync consumer group (the same ownership that decides who
 * polls the user). At most one instance owns a user at a time, apart from the moments of a
 * rebalance.
 */
public interface UserOwnership {

  boolean owns(String userId);
}
