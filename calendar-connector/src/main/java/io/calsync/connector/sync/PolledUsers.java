package io.calsync.connector.sync;

import io.calsync.connector.google.GoogleAccess;
import io.calsync.connector.token.AccessTokenClient;
import io.calsync.contracts.Topics;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.stereotype.Component;

/**
 * Which users this instance polls: the connected users of the {@code sync.connection-events}
 * partitions assigned to it in the sync consumer group. On assignment the compacted topic is read
 * again from the beginning to learn those users; on revocation (or loss) the partitions' users are
 * dropped and their running polls are awaited, so that two instances never poll one user at the
 * same time.
 */
@Component
class PolledUsers implements UserOwnership {

  private static final Logger log = LoggerFactory.getLogger(PolledUsers.class);

  private final SyncScheduler scheduler;
  private final WatchChannels channels;
  private final AccessTokenClient tokens;
  private final SyncProperties properties;
  private final Map<Integer, Set<String>> usersByPartition = new ConcurrentHashMap<>();
  private final Map<Integer, Long> replayEnds = new ConcurrentHashMap<>();
  private volatile int partitionCount;

  PolledUsers(
      SyncScheduler scheduler,
      WatchChannels channels,
      AccessTokenClient tokens,
      SyncProperties properties) {
    this.scheduler = scheduler;
    this.channels = channels;
    this.tokens = tokens;
    this.properties = properties;
  }

  /** Whether the user's partition is assigned to this instance, connected or not. */
  @Override
  public boolean owns(String userId) {
    int partitions = partitionCount;
    if (partitions == 0) {
      return false;
    }
    // The producers' default partitioner: murmur2 of the UTF-8 key, the same for every user-keyed
    // topic.
    int partition =
        Utils.toPositive(Utils.murmur2(userId.getBytes(StandardCharsets.UTF_8))) % partitions;
    return usersByPartition.containsKey(partition);
  }

  /** Records before the end offset seen at assignment are a replay of known state. */
  boolean isLive(int partition, long offset) {
    return offset >= replayEnds.getOrDefault(partition, 0L);
  }

  void connected(int partition, String userId, String account, boolean live) {
    Set<String> users = usersByPartition.get(partition);
    if (users == null) {
      return;
    }
    boolean isNew = users.add(userId);
    // A live connection (or a user who just became pollable) is listed at once; replayed users are
    // spread over one interval.
    scheduler.add(userId, account, live && (isNew || account != null));
  }

  void disconnected(int partition, String userId) {
    Set<String> users = usersByPartition.get(partition);
    if (users != null) {
      users.remove(userId);
    }
    scheduler.remove(userId);
    channels
        .stopAll(userId, tokens.accessToken(userId).map(token -> new GoogleAccess(userId, token)))
        .subscribe(
            null, error -> log.warn("Stopping push channels of user {} failed", userId, error));
  }

  /**
   * The rebalance callbacks of the sync consumer. Not a bean of its own: Spring Boot would put a
   * {@code ConsumerAwareRebalanceListener} bean on every listener container of the service.
   */
  ConsumerAwareRebalanceListener rebalanceListener() {
    return new ConsumerAwareRebalanceListener() {
      @Override
      public void onPartitionsAssigned(
          Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        assigned(consumer, partitions);
      }

      @Override
      public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        revoked(partitions);
      }
    };
  }

  private void assigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
    List<TopicPartition> connectionPartitions = connectionPartitions(partitions);
    if (connectionPartitions.isEmpty()) {
      return;
    }
    partitionCount = consumer.partitionsFor(Topics.CONNECTION_EVENTS).size();
    consumer
        .endOffsets(connectionPartitions)
        .forEach((partition, end) -> replayEnds.put(partition.partition(), end));
    connectionPartitions.forEach(
        partition ->
            usersByPartition.putIfAbsent(partition.partition(), ConcurrentHashMap.newKeySet()));
    consumer.seekToBeginning(connectionPartitions);
    log.info("Polling the users of {} partitions from now on", connectionPartitions.size());
  }

  private void revoked(Collection<TopicPartition> partitions) {
    List<String> givenAway = new ArrayList<>();
    for (TopicPartition partition : connectionPartitions(partitions)) {
      Set<String> users = usersByPartition.remove(partition.partition());
      if (users != null) {
        users.forEach(scheduler::remove);
        givenAway.addAll(users);
      }
    }
    if (!givenAway.isEmpty()) {
      scheduler.awaitIdle(givenAway, properties.revokeWait());
      log.info("Gave away {} users after a rebalance", givenAway.size());
    }
  }

  private static List<TopicPartition> connectionPartitions(Collection<TopicPartition> partitions) {
    return partitions.stream()
        .filter(partition -> Topics.CONNECTION_EVENTS.equals(partition.topic()))
        .toList();
  }
}
