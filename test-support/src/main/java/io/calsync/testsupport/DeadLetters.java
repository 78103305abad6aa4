package io.calsync.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import io.calsync.contracts.ContractViolationException;
import io.calsync.contracts.Topics;
import io.calsync.contracts.cloudevents.CloudEventHeaders;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.kafka.support.serializer.DeserializationException;

/**
 * Poison records and what the services' error handlers make of them: the record in the topic's
 * dead-letter topic ({@link Topics#dlt}) with the reason in spring-kafka's {@code kafka_dlt-*}
 * headers.
 */
public final class DeadLetters {

  /** A body no deserializer accepts. */
  public static final byte[] GARBAGE = "{\"not\": json".getBytes(StandardCharsets.UTF_8);

  private DeadLetters() {}

  /**
   * A record with valid CloudEvents headers but an unknown {@code ce_type} and a body that is not
   * JSON: the services' deserializers refuse it, so it must be dead-lettered without retries.
   */
  public static ProducerRecord<Object, Object> poison(String topic, String key, String ceType) {
    ProducerRecord<Object, Object> poison = new ProducerRecord<>(topic, key, GARBAGE);
    CloudEventHeaders.set(poison.headers(), CloudEventHeaders.SPEC_VERSION, "1.0");
    CloudEventHeaders.set(poison.headers(), CloudEventHeaders.TYPE, ceType);
    CloudEventHeaders.set(poison.headers(), CloudEventHeaders.ID, UUID.randomUUID().toString());
    CloudEventHeaders.set(poison.headers(), CloudEventHeaders.SOURCE, "/tests/poison");
    return poison;
  }

  /**
   * Asserts that {@code dead} is the {@link #poison} record sent as {@code sent}: same partition
   * and body, the original topic and offset, and a reason naming the unknown {@code ce_type}.
   */
  public static void assertIsDeadLetteredPoison(
      ConsumerRecord<String, byte[]> dead, RecordMetadata sent, String ceType) {
    assertThat(dead.partition()).isEqualTo(sent.partition());
    assertThat(dead.value()).isEqualTo(GARBAGE);
    assertThat(text(dead, KafkaHeaders.DLT_ORIGINAL_TOPIC)).isEqualTo(sent.topic());
    assertThat(ByteBuffer.wrap(header(dead, KafkaHeaders.DLT_ORIGINAL_OFFSET)).getLong())
        .isEqualTo(sent.offset());
    assertThat(text(dead, KafkaHeaders.DLT_EXCEPTION_FQCN))
        .isEqualTo(DeserializationException.class.getName());
    assertThat(text(dead, KafkaHeaders.DLT_EXCEPTION_STACKTRACE))
        .contains(
            ContractViolationException.class.getName() + ": unknown ce_type `" + ceType + "`");
    assertThat(text(dead, CloudEventHeaders.TYPE)).isEqualTo(ceType);
  }

  /** The first record keyed {@code key} in the dead-letter topic of {@code topic}. */
  public static ConsumerRecord<String, byte[]> first(String topic, String key, Duration within) {
    return await(topic, key, 1, within).get(0);
  }

  /**
   * Reads the dead-letter topic of {@code topic} from the beginning until at least {@code count}
   * records keyed {@code key} are there, and returns all of them found so far.
   */
  public static List<ConsumerRecord<String, byte[]>> await(
      String topic, String key, int count, Duration within) {
    String dlt = Topics.dlt(topic);
    Map<String, Object> config =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            SharedKafka.bootstrapServers(),
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
            false);
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(dlt).stream()
              .map(info -> new TopicPartition(dlt, info.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
      Awaitility.await()
          .atMost(within)
          .until(
              () -> {
                consumer
                    .poll(Duration.ofMillis(200))
                    .forEach(
                        record -> {
                          if (key.equals(record.key())) {
                            found.add(record);
                          }
                        });
                return found.size() >= count;
              });
      return found;
    }
  }

  /** The value of a header as UTF-8 text; fails when the record lacks it. */
  public static String text(ConsumerRecord<?, ?> record, String name) {
    return new String(header(record, name), StandardCharsets.UTF_8);
  }

  private static byte[] header(ConsumerRecord<?, ?> record, String name) {
    Header header = record.headers().lastHeader(name);
    assertThat(header).as("header %s", name).isNotNull();
    return header.value();
  }
}
