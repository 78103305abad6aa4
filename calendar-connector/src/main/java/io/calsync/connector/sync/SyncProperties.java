package io.calsync.connector.sync;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The read side: how often each connected user's primary calendar is listed, and by whom.
 *
 * @param pollInterval time between two polls of one user
 * @param jitter each next poll is moved by a random amount up to this fraction of the interval
 *     either way, so that users connected at the same moment do not poll in lockstep
 * @param maxConcurrentPolls polls running at the same time in this instance
 * @param pageSize {@code maxResults} of one {@code events.list} page
 * @param commandReserve share of the project's and the user's rate-limit permits a poll leaves to
 *     commands: a poll starts only while more than this fraction of both budgets is free
 * @param deferDelay how long a poll that found no headroom waits before it asks again
 * @param revokeWait longest a rebalance waits for running polls of users this instance gives away
 * @param consumerGroup Kafka consumer group whose partition assignment decides which instance polls
 *     which users
 */
@ConfigurationProperties("calsync.sync")
record SyncProperties(
    @DefaultValue("60s") Duration pollInterval,
    @DefaultValue("0.1") double jitter,
    @DefaultValue("4") int maxConcurrentPolls,
    @DefaultValue("250") int pageSize,
    @DefaultValue("0.25") double commandReserve,
    @DefaultValue("2s") Duration deferDelay,
    @DefaultValue("10s") Duration revokeWait,
    @DefaultValue("calendar-connector-sync") String consumerGroup) {}
