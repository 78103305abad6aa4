package io.calsync.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

class TopicSpecTest {

  @Test
  void declaresEachTopicWithItsDeadLetterTopic_inTheContractShape() {
    List<NewTopic> declared =
        TopicSpec.declarations(
            List.of(Topics.TASK_EVENTS, Topics.CONNECTION_EVENTS, Topics.TASK_EVENTS), (short) 3);

    assertThat(declared)
        .extracting(NewTopic::name)
        .containsExactly(
            Topics.TASK_EVENTS,
            Topics.dlt(Topics.TASK_EVENTS),
            Topics.CONNECTION_EVENTS,
            Topics.dlt(Topics.CONNECTION_EVENTS));
    assertThat(declared)
        .allSatisfy(
            topic -> {
              assertThat(topic.numPartitions()).isEqualTo(Topics.USER_KEYED_PARTITIONS);
              assertThat(topic.replicationFactor()).isEqualTo((short) 3);
            });
    // sync.connection-events is compacted (latest state per user); dead-letter topics never are.
    assertThat(declared)
        .filteredOn(topic -> topic.configs() != null)
        .extracting(NewTopic::name, topic -> topic.configs().get(TopicConfig.CLEANUP_POLICY_CONFIG))
        .containsExactly(tuple(Topics.CONNECTION_EVENTS, TopicConfig.CLEANUP_POLICY_COMPACT));
  }
}
