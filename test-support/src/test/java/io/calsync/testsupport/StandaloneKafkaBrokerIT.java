package io.calsync.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class StandaloneKafkaBrokerIT {

  private static final int RECORDS = 500;

  @Test
  void acknowledgedRecordsSurviveKillHardAndRestart() throws Exception {
    long t0 = System.nanoTime();
    try (StandaloneKafkaBroker broker = StandaloneKafkaBroker.start()) {
      long started = System.nanoTime();
      String topic = "durability-" + UUID.randomUUID();
      createTopic(broker, topic, 3);

      Set<String> acknowledged = produceAndAwaitEveryAck(broker, topic);
      assertThat(acknowledged).hasSize(RECORDS);

      long beforeKill = System.nanoTime();
      broker.killHard();
      long killed = System.nanoTime();
      assertThatThrownBy(() -> connect(broker)).isInstanceOf(IOException.class);

      broker.restart();
      long restarted = System.nanoTime();

      Set<String> consumed = consumeAllFromBeginning(broker, topic, RECORDS);
      assertThat(keys(consumed)).isEqualTo(expectedKeys());
      assertThat(consumed).isEqualTo(acknowledged);

      // The restarted broker also takes new writes on the same address.
      assertThat(produceAndAwaitEveryAck(broker, topic + "-after-restart")).hasSize(RECORDS);

      System.out.printf(
          "StandaloneKafkaBroker timings: start %d ms, killHard %d ms, restart %d ms, whole"
              + " test %d ms%n",
          millis(t0, started),
          millis(beforeKill, killed),
          millis(killed, restarted),
          millis(t0, System.nanoTime()));
    }
  }

  @Test
  void restart_afterRestartKeepsTheSameBootstrapAddressAndTopics() throws Exception {
    try (StandaloneKafkaBroker broker = StandaloneKafkaBroker.start()) {
      String address = broker.bootstrapServers();
      String topic = "restart-" + UUID.randomUUID();
      createTopic(broker, topic, 1);

      broker.restart();

      assertThat(broker.bootstrapServers()).isEqualTo(address);
      try (Admin admin = admin(broker)) {
        assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains(topic);
      }
    }
  }

  private static Set<String> produceAndAwaitEveryAck(StandaloneKafkaBroker broker, String topic)
      throws Exception {
    Map<String, Object> config =
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            broker.bootstrapServers(),
            ProducerConfig.ACKS_CONFIG,
            "all",
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
            true,
            ProducerConfig.LINGER_MS_CONFIG,
            5);
    List<Future<RecordMetadata>> acks = new ArrayList<>();
    Set<String> sent = new HashSet<>();
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
      for (int i = 0; i < RECORDS; i++) {
        String key = "key-" + i;
        String value = key + "=" + UUID.randomUUID();
        acks.add(producer.send(new ProducerRecord<>(topic, key, value)));
        sent.add(key + "|" + value);
      }
      for (Future<RecordMetadata> ack : acks) {
        assertThat(ack.get(60, TimeUnit.SECONDS).hasOffset()).isTrue();
      }
    }
    return sent;
  }

  private static Set<String> consumeAllFromBeginning(
      StandaloneKafkaBroker broker, String topic, int expected) {
    Set<String> received = new HashSet<>();
    int duplicates = 0;
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "fresh-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest"),
            new StringDeserializer(),
            new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
      while (received.size() < expected && System.nanoTime() < deadline) {
        for (var record : consumer.poll(Duration.ofMillis(500))) {
          if (!received.add(record.key() + "|" + record.value())) {
            duplicates++;
          }
        }
      }
      // Anything beyond the expected records would show up in one more poll.
      consumer
          .poll(Duration.ofSeconds(1))
          .forEach(record -> received.add(record.key() + "|" + record.value()));
    }
    assertThat(duplicates).as("idempotent producer wrote no duplicates").isZero();
    return received;
  }

  private static void createTopic(StandaloneKafkaBroker broker, String topic, int partitions)
      throws Exception {
    try (Admin admin = admin(broker)) {
      admin
          .createTopics(List.of(new NewTopic(topic, partitions, (short) 1)))
          .all()
          .get(30, TimeUnit.SECONDS);
    }
  }

  private static Admin admin(StandaloneKafkaBroker broker) {
    return Admin.create(
        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
  }

  private static void connect(StandaloneKafkaBroker broker) throws IOException {
    String[] hostAndPort = broker.bootstrapServers().split(":");
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(hostAndPort[0], Integer.parseInt(hostAndPort[1])), 2000);
    }
  }

  private static long millis(long from, long to) {
    return (to - from) / 1_000_000;
  }

  private static Set<String> keys(Set<String> records) {
    return records.stream().map(r -> r.split("\\|")[0]).collect(Collectors.toSet());
  }

  private static Set<String> expectedKeys() {
    return IntStream.range(0, RECORDS).mapToObj(i -> "key-" + i).collect(Collectors.toSet());
  }
}
