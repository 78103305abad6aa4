package io.calsync.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.calsync.contracts.TopicSpec;
import io.calsync.contracts.Topics;
import io.calsync.e2e.CalSyncSystem.Service;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SystemStartsIT {

  private static CalSyncSystem system;

  @BeforeAll
  static void startSystem() {
    system = CalSyncSystem.get();
  }

  @Test
  void everyServiceIsReady_andTheEmulatorAnswers() {
    for (Service service : Service.values()) {
      Api.Response readiness = new Api(system.url(service), null).get("/actuator/health/readiness");
      assertThat(readiness.status()).as(service.module() + ": " + readiness).isEqualTo(200);
      assertThat(readiness.json().path("status").asText()).isEqualTo("UP");
    }
    Api.Response emulator = new Api(system.google().baseUrl(), null).get("/actuator/health");
    assertThat(emulator.status()).as(emulator.toString()).isEqualTo(200);
    System.out.printf(
        "CalSync system started in %d s; logs in %s%n",
        system.startDuration().toSeconds(), system.logs());
  }

  @Test
  void apisRejectCallsWithoutAToken_andAcceptTheHarnessTokens() {
    String userId = CalSyncSystem.newUserId("starts");
    assertThat(new Api(system.taskServiceUrl(), null).get("/api/v1/tasks").status()).isEqualTo(401);
    assertThat(
            new Api(system.taskServiceUrl(), system.jwts().user(userId))
                .get("/api/v1/tasks")
                .status())
        .isEqualTo(200);
    Api.Response connection =
        new Api(system.tokenServiceUrl(), system.jwts().user(userId))
            .get("/api/v1/connections/google");
    assertThat(connection.status()).as(connection.toString()).isEqualTo(200);
    assertThat(connection.json().path("status").asText()).isEqualTo("DISCONNECTED");
  }

  @Test
  void everyContractTopicExists_withTheUserKeyedPartitionCount() {
    List<String> names = Topics.ALL.stream().map(TopicSpec::name).toList();
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, system.kafkaBootstrapServers()))) {
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                Map<String, TopicDescription> topics =
                    admin.describeTopics(names).allTopicNames().get();
                for (String name : names) {
                  assertThat(topics.get(name).partitions())
                      .as(name)
                      .hasSize(Topics.USER_KEYED_PARTITIONS);
                }
              });
    }
  }
}
