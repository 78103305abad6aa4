package io.calsync.token;

import io.calsync.contracts.ContractMessage;
import io.calsync.contracts.cloudevents.CloudEventDeserializer;
import io.calsync.testsupport.SharedKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads a topic from the beginning up to its current end: deterministic "what is there now". */
final class TopicReader {

  private TopicReader() {}

  /** Every record of {@code key} on {@code topic} at this moment, raw. */
  static List<ConsumerRecord<String, byte[]>> records(String topic, String key) {
    Map<String, Object> config =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            SharedKafka.bootstrapServers(),
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
            false);
    try (var consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("could not read " + topic + " to its end");
        }
        consumer
            .poll(Duration.ofMillis(200))
            .forEach(
                record -> {
                  if (key.equals(record.key())) {
                    records.add(record);
                  }
                });
      }
      return records;
    }
  }

  /** The contract bodies of {@code key}'s records, in order (one partition per key). */
  static List<ContractMessage> messages(String topic, String key) {
    try (var deserializer = new CloudEventDeserializer()) {
      return records(topic, key).stream()
          .map(r -> deserializer.deserialize(topic, r.headers(), r.value()))
          .toList();
    }
  }
}
