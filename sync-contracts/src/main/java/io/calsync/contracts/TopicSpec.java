package io.calsync.contracts;

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
}
