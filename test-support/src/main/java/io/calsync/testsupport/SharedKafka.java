package io.calsync.testsupport;

import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * An in-JVM KRaft Kafka broker shared by every test class of a test JVM: started on first use,
 * stopped by a JVM shutdown hook. Topics are created on first use; tests that need isolation use
 * topic names or consumer groups of their own.
 */
public final class SharedKafka {

  private static final Logger log = LoggerFactory.getLogger(SharedKafka.class);
  private static final int DEFAULT_PARTITIONS = 2;

  private static EmbeddedKafkaKraftBroker broker;

  private SharedKafka() {}

  /** {@code host:port} of the shared broker, for {@code bootstrap.servers}. */
  public static synchronized String bootstrapServers() {
    if (broker == null) {
      broker = start();
    }
    return broker.getBrokersAsString();
  }

  private static EmbeddedKafkaKraftBroker start() {
    long started = System.nanoTime();
    EmbeddedKafkaKraftBroker kafka = new EmbeddedKafkaKraftBroker(1, DEFAULT_PARTITIONS);
    kafka.brokerProperties(
        Map.of(
            "auto.create.topics.enable", "true",
            "offsets.topic.replication.factor", "1",
            "offsets.topic.num.partitions", "5",
            "transaction.state.log.replication.factor", "1",
            "transaction.state.log.min.isr", "1",
            "transaction.state.log.num.partitions", "5",
            "group.initial.rebalance.delay.ms", "0"));
    kafka.afterPropertiesSet();
    Runtime.getRuntime().addShutdownHook(new Thread(kafka::destroy, "calsync-kafka-shutdown"));
    log.info(
        "Started shared in-JVM Kafka at {} in {} ms",
        kafka.getBrokersAsString(),
        (System.nanoTime() - started) / 1_000_000);
    return kafka;
  }
}
