package io.calsync.contracts;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/**
 * The shape of one contract topic.
 *
 * @param name topic name
 * @param partitions partition count ({@link Topics#USER_KEYED_PARTITIONS} for user-keyed topics)
 * @param compacted whether the topic keeps only the latest record per key
 */
public record TopicSpec(String name, int partitions, boolean compacted) {

  static TopicSpec userKeyed(String name) {
    return new TopicSpec(name, Topics.USER_KEYED_PARTITIONS, false);
  }

  static TopicSpec compactedUserKeyed(String name) {
    return new TopicSpec(name, Topics.USER_KEYED_PARTITIONS, true);
  }

  /** The dead-letter topic for this topic: same partition count, never compacted. */
  public TopicSpec deadLetter() {
    return new TopicSpec(Topics.dlt(name), partitions, false);
  }

  /**
   * This topic as an admin-client declaration: the contract's partition count and cleanup policy,
   * the deployment's replication factor.
   */
  public NewTopic toNewTopic(short replicationFactor) {
    NewTopic topic = new NewTopic(name, partitions, replicationFactor);
    return compacted
        ? topic.configs(
            Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))
        : topic;
  }

  /**
   * What a service that touches {@code topics} declares at start-up: each contract topic and its
   * dead-letter topic, so whichever service starts first creates them with the contract's shape
   * (never with the broker's default partition count, which would break co-partitioning).
   */
  public static List<NewTopic> declarations(Collection<String> topics, short replicationFactor) {
    return topics.stream()
        .distinct()
        .map(Topics::spec)
        .flatMap(spec -> Stream.of(spec, spec.deadLetter()))
        .map(spec -> spec.toNewTopic(replicationFactor))
        .toList();
  }
}
