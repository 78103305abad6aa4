package io.calsync.connector.commands;

import io.calsync.contracts.ContractMessage;
import io.calsync.contracts.cloudevents.CloudEventDeserializer;
import io.calsync.testsupport.SharedKafka;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads contract topics from their beginning on a background thread, as the orchestrator would, and
 * keeps every record for assertions.
 */
public final class TopicRecorder implements AutoCloseable {

  private final Queue<ConsumerRecord<String, ContractMessage>> records =
      new ConcurrentLinkedQueue<>();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Thread thread;

  private TopicRecorder(List<String> topics) {
    thread = new Thread(() -> poll(topics), "topic-recorder");
    thread.setDaemon(true);
    thread.start();
  }

  public static TopicRecorder start(String... topics) {
    return new TopicRecorder(List.of(topics));
  }

  /** Every record so far whose key is {@code userId}, in the order they arrived. */
  public List<ConsumerRecord<String, ContractMessage>> of(String topic, String userId) {
    return records.stream()
        .filter(record -> record.topic().equals(topic) && userId.equals(record.key()))
        .toList();
  }

  private void poll(List<String> topics) {
    Map<String, Object> config =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers(),
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
            ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    try (KafkaConsumer<String, ContractMessage> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new CloudEventDeserializer())) {
      List<TopicPartition> partitions =
          topics.stream()
              .flatMap(
                  topic ->
                      consumer.partitionsFor(topic).stream()
                          .map(info -> new TopicPartition(topic, info.partition())))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      while (running.get()) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
    }
  }

  @Override
  public void close() throws InterruptedException {
    running.set(false);
    thread.join(5_000);
  }
}
