package io.calsync.task;

import static org.awaitility.Awaitility.await;

import io.calsync.contracts.Topics;
import io.calsync.contracts.cloudevents.CloudEventDeserializer;
import io.calsync.contracts.cloudevents.CloudEventHeaders;
import io.calsync.contracts.task.TaskEvent;
import io.calsync.testsupport.SharedKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads {@code crm.task-events} of the shared broker from the moment it is opened, as raw records,
 * and decodes bodies with the contract's own deserializer (schema validation on), as the
 * orchestrator does. Several contexts publish to the topic at once, so tests select their records
 * by key (fresh user ids per test).
 */
public final class TaskEventsProbe implements AutoCloseable {

  private final KafkaConsumer<String, byte[]> consumer;
  private final CloudEventDeserializer deserializer = new CloudEventDeserializer();
  private final List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();

  private TaskEventsProbe(String bootstrapServers) {
    consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed"),
            new StringDeserializer(),
            new ByteArrayDeserializer());
    deserializer.configure(Map.of(CloudEventDeserializer.VALIDATE_SCHEMA_CONFIG, true), false);
    // The service declares the topic at start-up; wait for it rather than read nothing.
    List<TopicPartition> partitions =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () ->
                    consumer.partitionsFor(Topics.TASK_EVENTS).stream()
                        .map(info -> new TopicPartition(Topics.TASK_EVENTS, info.partition()))
                        .toList(),
                found -> !found.isEmpty());
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    // seekToEnd is lazy: resolve the positions now, before the test acts.
    partitions.forEach(consumer::position);
  }

  /** Starts reading the shared broker at the current end of every partition. */
  public static TaskEventsProbe fromNow() {
    return fromNow(SharedKafka.bootstrapServers());
  }

  /** Starts reading {@code bootstrapServers} at the current end of every partition. */
  public static TaskEventsProbe fromNow(String bootstrapServers) {
    return new TaskEventsProbe(bootstrapServers);
  }

  /** Every record read so far whose key matches, in the order read (per partition: log order). */
  public List<ConsumerRecord<String, byte[]>> records(Predicate<String> key) {
    consumer.poll(Duration.ofMillis(100)).forEach(seen::add);
    return seen.stream().filter(record -> key.test(record.key())).toList();
  }

  /** Waits until at least {@code count} records match, then returns all that match. */
  public List<ConsumerRecord<String, byte[]>> awaitRecords(
      Predicate<String> key, int count, Duration atMost) {
    await()
        .atMost(atMost)
        .pollInterval(Duration.ofMillis(50))
        .until(() -> records(key).size() >= count);
    return records(key);
  }

  /** The body, read by the contract deserializer; fails on any contract violation. */
  public TaskEvent body(ConsumerRecord<String, byte[]> record) {
    return (TaskEvent) deserializer.deserialize(record.topic(), record.headers(), record.value());
  }

  public static String header(ConsumerRecord<?, ?> record, String name) {
    return CloudEventHeaders.get(record.headers(), name);
  }

  public static String ceId(ConsumerRecord<?, ?> record) {
    return header(record, CloudEventHeaders.ID);
  }

  @Override
  public void close() {
    consumer.close(Duration.ofSeconds(2));
  }
}
