package io.calsync.platform.messaging;

import java.time.Duration;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.ReactiveHealthIndicator;
import org.springframework.kafka.core.KafkaAdmin;
import reactor.core.publisher.Mono;

/**
 * Reports whether the Kafka cluster answers; Spring Boot has no Kafka health indicator of its own.
 */
public final class KafkaHealthIndicator implements ReactiveHealthIndicator, DisposableBean {

  private static final Duration TIMEOUT = Duration.ofSeconds(3);

  private final AdminClient adminClient;

  public KafkaHealthIndicator(KafkaAdmin kafkaAdmin) {
    this.adminClient = AdminClient.create(kafkaAdmin.getConfigurationProperties());
  }

  @Override
  public Mono<Health> health() {
    var cluster =
        adminClient.describeCluster(
            new DescribeClusterOptions().timeoutMs((int) TIMEOUT.toMillis()));
    return Mono.fromCompletionStage(cluster.clusterId().toCompletionStage())
        .map(clusterId -> Health.up().withDetail("clusterId", clusterId).build())
        .onErrorResume(error -> Mono.just(Health.down(error).build()));
  }

  @Override
  public void destroy() {
    adminClient.close(TIMEOUT);
  }
}
