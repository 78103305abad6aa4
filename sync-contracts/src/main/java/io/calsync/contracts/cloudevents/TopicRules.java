package io.calsync.contracts.cloudevents;

import io.calsync.contracts.ContractViolationException;
import io.calsync.contracts.EventType;
import io.calsync.contracts.TopicSpec;
import io.calsync.contracts.Topics;

/**
 * A type may travel only on its own contract topic or that topic's dead-letter topic. Topics that
 * are not part of the contract (e.g. a test's private topic) are not checked.
 */
final class TopicRules {

  private TopicRules() {}

  static void requireBelongs(EventType<?> type, String topic) {
    if (topic == null || !isContractTopic(topic)) {
      return;
    }
    if (!topic.equals(type.topic()) && !topic.equals(Topics.dlt(type.topic()))) {
      throw new ContractViolationException(
          "ce_type " + type.ceType() + " belongs on " + type.topic() + ", not on " + topic);
    }
  }

  private static boolean isContractTopic(String topic) {
    return Topics.ALL.stream()
        .map(TopicSpec::name)
        .anyMatch(name -> name.equals(topic) || Topics.dlt(name).equals(topic));
  }
}
