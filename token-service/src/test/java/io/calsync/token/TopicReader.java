package io.calsync.token;

import io.calsync.contracts.ContractMessage;
import io.calsync.contracts.cloudevents.CloudEventDeserializer;
import io.calsync.testsupport.PostgresDatabase;
import io.calsync.testsupport.SharedKafka;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
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
import org.awaitility.Awaitility;

/**
 * Reads a topic from the beginning up to its current end, once token-service's outbox has been
 * relayed: deterministic "what has been published".
 */
final class TopicReader {

  private TopicReader() {}

  /** Every record of {@code key} on {@code topic} once the service's outbox is relayed, raw. */
  static List<ConsumerRecord<String, byte[]>> records(
      PostgresDatabase database, String topic, String key) {
    awaitOutboxRelayed(database);
    return records(topic, key);
  }

  /** The contract bodies of {@code key}'s records, in order (one partition per key). */
  static List<ContractMessage> messages(PostgresDatabase database, String topic, String key) {
    awaitOutboxRelayed(database);
    try (var deserializer = new CloudEventDeserializer()) {
      return records(topic, key).stream()
          .map(r -> deserializer.deserialize(topic, r.headers(), r.value()))
          .toList();
    }
  }

  private static void awaitOutboxRelayed(PostgresDatabase database) {
    Awaitility.await("outbox relayed")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> unpublished(database) == 0);
  }

  private static long unpublished(PostgresDatabase database) throws SQLException {
    try (Connection connection = database.connect();
        var statement = connection.createStatement();
        ResultSet row =
            statement.executeQuery("select count(*) from outbox where published_at is null")) {
      row.next();
      return row.getLong(1);
    }
  }

  private static List<ConsumerRecord<String, byte[]>> records(String topic, String key) {
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
}
