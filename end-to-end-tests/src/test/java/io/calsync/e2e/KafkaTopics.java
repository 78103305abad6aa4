package io.calsync.e2e;

import static org.awaitility.Awaitility.await;

import io.calsync.contracts.ContractMessage;
import io.calsync.contracts.Topics;
import io.calsync.contracts.cloudevents.CloudEventHeaders;
import io.calsync.contracts.cloudevents.CloudEventSerializer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;

/**
 * The test's own Kafka clients on the system's broker: another CRM service publishing task events,
 * a plain reader of whole topics, and the consumer groups' progress as an operator sees it.
 */
final class KafkaTopics {

  private final String bootstrapServers;

  KafkaTopics(CalSyncSystem system) {
    this.bootstrapServers = system.kafkaBootstrapServers();
  }

  /** A producer like another CRM service's: the contract serializer, idempotent, acks=all. */
  KafkaProducer<String, Object> crmServiceProducer() {
    return new KafkaProducer<>(
        producerConfig(), new StringSerializer(), new CloudEventSerializer("/crm/import-job"));
  }

  /** Idempotent, {@code acks=all}, as every CalSync and CRM producer. */
  private Map<String, Object> producerConfig() {
    return Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
        bootstrapServers,
        ProducerConfig.ACKS_CONFIG,
        "all",
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
        true);
  }

  /** A task event keyed by its owner, with the CloudEvent id {@code messageId}. */
  static ProducerRecord<String, Object> taskEvent(ContractMessage body, String messageId) {
    ProducerRecord<String, Object> record =
        new ProducerRecord<>(Topics.TASK_EVENTS, body.userId(), body);
    record.headers().add(CloudEventHeaders.ID, messageId.getBytes(StandardCharsets.UTF_8));
    return record;
  }

  /** A producer of raw bytes: for records no contract serializer would write, and re-publishing. */
  KafkaProducer<byte[], byte[]> rawProducer() {
    return new KafkaProducer<>(
        producerConfig(), new ByteArraySerializer(), new ByteArraySerializer());
  }

  /**
   * Every record of {@code topic} from offset 0 up to its end offsets at the time of the call, as a
   * plain consumer without a group reads them.
   */
  List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(info -> new TopicPartition(topic, info.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("Could not read " + topic + " up to " + end);
        }
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          if (record.offset() < end.get(new TopicPartition(topic, record.partition()))) {
            records.add(record);
          }
        }
      }
      return records;
    }
  }

  /**
   * Waits until consumer group {@code group} has committed offsets at the end of every partition of
   * {@code topic} (as of this call): everything published before has been handled.
   */
  void awaitConsumed(String group, String topic, Duration within) {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      Map<TopicPartition, Long> end = endOffsets(admin, topic);
      await()
          .atMost(within)
          .pollInterval(Duration.ofMillis(500))
          .until(
              () -> {
                Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
                return end.entrySet().stream()
                    .allMatch(
                        e ->
                            e.getValue() == 0
                                || (committed.get(e.getKey()) != null
                                    && committed.get(e.getKey()).offset() >= e.getValue()));
              });
    }
  }

  /** The partition of a user-keyed topic a user's records go to (Kafka's default partitioner). */
  static int partitionOf(String userId) {
    return Utils.toPositive(Utils.murmur2(userId.getBytes(StandardCharsets.UTF_8)))
        % Topics.USER_KEYED_PARTITIONS;
  }

  /** The partitions of {@code topic} each member of {@code group} is assigned, by member id. */
  Map<String, List<Integer>> assignment(String group, String topic) {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      return admin.describeConsumerGroups(List.of(group)).all().get().get(group).members().stream()
          .collect(
              Collectors.toMap(
                  member -> member.consumerId(),
                  member ->
                      member.assignment().topicPartitions().stream()
                          .filter(p -> p.topic().equals(topic))
                          .map(TopicPartition::partition)
                          .sorted()
                          .toList()));
    } catch (ExecutionException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static Map<TopicPartition, Long> endOffsets(Admin admin, String topic) {
    try {
      int partitions =
          admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      for (int p = 0; p < partitions; p++) {
        latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
      }
      return admin.listOffsets(latest).all().get().entrySet().stream()
          .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    } catch (ExecutionException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
