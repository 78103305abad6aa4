package io.calsync.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import io.calsync.contracts.TopicSpec;
import io.calsync.contracts.Topics;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;

/** Assertions on the topics a service declares at start-up. */
public final class KafkaTopicAssertions {

  private KafkaTopicAssertions() {}

  /**
   * Asserts that each topic and its dead-letter topic exist with the shape the contract gives them
   * ({@link Topics#spec}): the user-keyed partition count and the cleanup policy.
   *
   * @param adminConfig the service's admin client configuration (e.g. {@code
   *     KafkaAdmin.getConfigurationProperties()}), so the check sees what the service sees
   */
  public static void assertDeclaredWithContractShape(
      Map<String, Object> adminConfig, String... topics) {
    List<TopicSpec> expected =
        Stream.of(topics)
            .distinct()
            .map(Topics::spec)
            .flatMap(spec -> Stream.of(spec, spec.deadLetter()))
            .toList();
    List<String> names = expected.stream().map(TopicSpec::name).toList();
    try (AdminClient admin = AdminClient.create(adminConfig)) {
      Map<String, TopicDescription> described = admin.describeTopics(names).allTopicNames().get();
      List<ConfigResource> resources =
          names.stream().map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name)).toList();
      Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get();
      for (TopicSpec spec : expected) {
        assertThat(described.get(spec.name()).partitions())
            .as("partitions of %s", spec.name())
            .hasSize(spec.partitions());
        String cleanupPolicy =
            configs
                .get(new ConfigResource(ConfigResource.Type.TOPIC, spec.name()))
                .get(TopicConfig.CLEANUP_POLICY_CONFIG)
                .value();
        assertThat(cleanupPolicy)
            .as("cleanup.policy of %s", spec.name())
            .isEqualTo(
                spec.compacted()
                    ? TopicConfig.CLEANUP_POLICY_COMPACT
                    : TopicConfig.CLEANUP_POLICY_DELETE);
      }
    } catch (ExecutionException e) {
      throw new AssertionError("Cannot describe topics " + names, e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("Interrupted while describing topics", e);
    }
  }
}
