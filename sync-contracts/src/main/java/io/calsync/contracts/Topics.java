package io.calsync.contracts;

import java.util.List;

/**
 * Kafka topic names and their shape. Every topic is keyed by the CRM user id, and every user-keyed
 * topic has the same partition count so that one user's task events, event changes, commands and
 * results are co-partitioned and handled in order by one consumer thread.
 */
public final class Topics {

  /**
   * Partition count shared by every user-keyed topic. Changing it re-keys users: never lower it.
   */
  public static final int USER_KEYED_PARTITIONS = 12;

  public static final String TASK_EVENTS = "crm.task-events";
  public static final String TASK_COMMANDS = "crm.task-commands";
  public static final String EVENT_CHANGES = "calendar.event-changes";
  public static final String CALENDAR_COMMANDS = "calendar.commands";
  public static final String COMMAND_RESULTS = "calendar.command-results";
  public static final String CONNECTION_EVENTS = "sync.connection-events";
  public static final String SYNC_REQUESTS = "sync.requests";

  /** Suffix of the dead-letter topic of every topic. */
  public static final String DLT_SUFFIX = "-dlt";

  /** Every topic of the contract with its partition count and cleanup policy. */
  public static final List<TopicSpec> ALL =
      List.of(
          TopicSpec.userKeyed(TASK_EVENTS),
          TopicSpec.userKeyed(TASK_COMMANDS),
          TopicSpec.userKeyed(EVENT_CHANGES),
          TopicSpec.userKeyed(CALENDAR_COMMANDS),
          TopicSpec.userKeyed(COMMAND_RESULTS),
          TopicSpec.compactedUserKeyed(CONNECTION_EVENTS),
          TopicSpec.userKeyed(SYNC_REQUESTS));

  private Topics() {}

  /** The dead-letter topic of {@code topic}. */
  public static String dlt(String topic) {
    return topic + DLT_SUFFIX;
  }

  /** Looks up the spec of a contract topic. */
  public static TopicSpec spec(String topic) {
    return ALL.stream()
        .filter(spec -> spec.name().equals(topic))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("not a CalSync topic: " + topic));
  }
}
