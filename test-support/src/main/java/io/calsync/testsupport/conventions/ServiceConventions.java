package io.calsync.testsupport.conventions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.calsync.contracts.ContractMessage;
import io.calsync.testsupport.DeadLetters;
import io.calsync.testsupport.FlywayMigrations;
import io.calsync.testsupport.KafkaTopicAssertions;
import io.calsync.testsupport.PostgresDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.context.ApplicationContext;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.kafka.annotation.KafkaListenerAnnotationBeanPostProcessor;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.MessageListener;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.ClassUtils;

/**
 * The checks every CalSync service's boot IT runs (design §3, §6, §7): the service boots against
 * the shared Kafka broker and a fresh PostgreSQL database, reports its probes UP, serves a
 * Prometheus scrape without a token, applied exactly the Flyway migrations it ships, declares its
 * topics and their dead-letter topics with the contract's shape, subscribes to the topics it says
 * it consumes, dead-letters a poison record without retrying it while the partition keeps flowing,
 * answers 401 with a bearer challenge to a request without a token or with one that breaks the
 * shared token rules, and refuses to start outside the development profile while a secret holds a
 * value its {@code application-development.yml} publishes.
 *
 * <p>A service's boot IT extends this class, is annotated {@code @SpringBootTest(webEnvironment =
 * RANDOM_PORT)}, registers its infrastructure in a {@code @DynamicPropertySource} (usually {@code
 * CalSyncTestInfrastructure.register}) and answers the abstract methods with what is its own. Its
 * service-specific tests stay in the IT, next to the inherited ones.
 *
 * <p>The dead-letter check consumes through a probe container built by the service's default
 * listener container factory ({@code kafkaListenerContainerFactory}, the one a plain
 * {@code @KafkaListener} uses) in a consumer group of its own, so it sees exactly what the
 * service's error handling lets through, independently of what the business listener does.
 */
// Spring Boot switches metrics export off in tests; the Prometheus endpoint is under test here.
@AutoConfigureObservability(tracing = false)
public abstract class ServiceConventions {

  /**
   * Longer than the first retry would take but far shorter than the whole back-off (about a
   * minute): a record that arrives in the dead-letter topic within it was not retried.
   */
  static final Duration WITHOUT_RETRIES = Duration.ofSeconds(20);

  /**
   * What a consumed topic's dead-letter check sends.
   *
   * @param topic a topic the service consumes
   * @param unknownCeType the {@code ce_type} of the poison record, one no deserializer knows
   * @param validRecordForUser a valid record keyed by the given user id, sent right after the
   *     poison record to the same partition
   */
  public record PoisonCase(
      String topic, String unknownCeType, Function<String, ContractMessage> validRecordForUser) {}

  @Autowired protected WebTestClient http;
  @Autowired protected KafkaAdmin kafkaAdmin;
  @Autowired protected KafkaTemplate<Object, Object> kafkaTemplate;
  @Autowired protected KafkaListenerEndpointRegistry listeners;
  @Autowired protected CommonErrorHandler errorHandler;
  @Autowired protected ApplicationContext context;

  /** The database the service was pointed at (from its {@code @DynamicPropertySource}). */
  protected abstract PostgresDatabase database();

  /** Tables the migrations must have created, besides Flyway's own. */
  protected abstract List<String> expectedTables();

  /** The topics the service declares at start-up; each must exist with its DLT. */
  protected abstract List<String> declaredTopics();

  /** Exactly the topics the service's {@code @KafkaListener}s subscribe to. */
  protected abstract List<String> consumedTopics();

  /** The poison record check; required when the service consumes a topic. */
  protected abstract Optional<PoisonCase> poisonCase();

  /** A user-facing API path that must answer 401 with a bearer challenge without a token. */
  protected abstract String protectedPath();

  /** Metrics the Prometheus scrape must contain besides {@code jvm_memory_used_bytes}. */
  protected List<String> expectedMetrics() {
    return List.of();
  }

  @Test
  void reportsLivenessAndReadinessUp() {
    for (String probe : List.of("liveness", "readiness")) {
      http.get()
          .uri("/actuator/health/" + probe)
          .exchange()
          .expectStatus()
          .isOk()
          .expectBody()
          .jsonPath("$.status")
          .isEqualTo("UP");
    }
  }

  @Test
  void servesPrometheusScrapeWithoutToken() {
    List<String> metrics =
        Stream.concat(Stream.of("jvm_memory_used_bytes"), expectedMetrics().stream()).toList();
    http.get()
        .uri("/actuator/prometheus")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody(String.class)
        .value(body -> assertThat(body).contains(metrics));
  }

  @Test
  void appliesEveryShippedFlywayMigration() {
    // Every migration the service ships ran, in order, and none failed.
    assertThat(database().appliedMigrations())
        .isNotEmpty()
        .containsExactlyElementsOf(FlywayMigrations.versionsOnClasspath());
    assertThat(database().tableNames()).containsAll(expectedTables());
  }

  @Test
  void declaresItsTopicsAndDeadLetterTopicsWithContractShape() {
    assertThat(declaredTopics()).isNotEmpty();
    KafkaTopicAssertions.assertDeclaredWithContractShape(
        kafkaAdmin.getConfigurationProperties(), declaredTopics().toArray(String[]::new));
  }

  @Test
  void subscribesExactlyToTheTopicsItConsumes() {
    Set<String> subscribed =
        listeners.getListenerContainers().stream()
            .map(MessageListenerContainer::getContainerProperties)
            .flatMap(properties -> Stream.ofNullable(properties.getTopics()))
            .flatMap(Arrays::stream)
            .collect(Collectors.toSet());
    assertThat(subscribed).containsExactlyInAnyOrderElementsOf(Set.copyOf(consumedTopics()));
    if (!consumedTopics().isEmpty()) {
      assertThat(poisonCase())
          .as("a service that consumes topics proves its dead-lettering with a poison case")
          .hasValueSatisfying(poison -> assertThat(consumedTopics()).contains(poison.topic()));
    }
  }

  /**
   * Started with production settings (another profile than {@code development}) while one secret
   * holds the value its {@code application-development.yml} publishes, the service refuses to start
   * and names the setting — for every published setting, one at a time.
   */
  @Test
  void refusesToStartWithAPublishedDevelopmentSecret_outsideTheDevelopmentProfile() {
    Class<?> application =
        ClassUtils.getUserClass(
            context.getBeansWithAnnotation(SpringBootApplication.class).values().iterator().next());
    Map<String, String> published = publishedDevelopmentValues();
    assertThat(published).as("settings of application-development.yml").isNotEmpty();
    published.forEach(
        (property, value) ->
            assertThatThrownBy(
                    () ->
                        new SpringApplicationBuilder(application)
                            .web(WebApplicationType.NONE)
                            .run(
                                "--spring.profiles.active=production",
                                "--" + property + "=" + value))
                .as(property)
                .hasMessageContaining(property)
                .hasMessageContaining("published development value"));
  }

  /** Each setting of the classpath's {@code application-development.yml} with its default. */
  private static Map<String, String> publishedDevelopmentValues() {
    Map<String, String> values = new LinkedHashMap<>();
    try {
      for (PropertySource<?> document :
          new YamlPropertySourceLoader()
              .load("development", new ClassPathResource("application-development.yml"))) {
        EnumerablePropertySource<?> settings = (EnumerablePropertySource<?>) document;
        for (String property : settings.getPropertyNames()) {
          String raw = String.valueOf(settings.getProperty(property));
          // ${VARIABLE:published} -> published
          values.put(
              property,
              raw.startsWith("${") ? raw.substring(raw.indexOf(':') + 1, raw.length() - 1) : raw);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return values;
  }

  @Test
  void rejectsApiRequestWithoutBearerToken() {
    http.get()
        .uri(protectedPath())
        .exchange()
        .expectStatus()
        .isUnauthorized()
        .expectHeader()
        .valueMatches("WWW-Authenticate", "Bearer.*");
  }

  /**
   * The shared token rules (service-starter's {@code StrictJwtValidation}) hold in the running
   * service: correctly signed tokens that never expire, name no subject or live for a year are
   * refused with a bearer challenge, not let through and not answered with a 500; the same token
   * with the rules kept is let past authentication, so the check can fail.
   */
  @Test
  void rejectsCorrectlySignedTokensThatBreakTheSharedRules() throws Exception {
    Instant now = Instant.now();
    JWTClaimsSet kept =
        new JWTClaimsSet.Builder()
            .subject("conventions-" + UUID.randomUUID())
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plusSeconds(300)))
            .build();
    http.get()
        .uri(protectedPath())
        .headers(h -> h.setBearerAuth(hs256(kept)))
        .exchange()
        .expectStatus()
        .value(status -> assertThat(status).isNotEqualTo(401));

    Map<String, JWTClaimsSet> broken = new LinkedHashMap<>();
    broken.put("no expiry", new JWTClaimsSet.Builder(kept).expirationTime(null).build());
    broken.put("no subject", new JWTClaimsSet.Builder(kept).subject(null).build());
    broken.put(
        "a year long",
        new JWTClaimsSet.Builder(kept)
            .expirationTime(Date.from(now.plus(Duration.ofDays(365))))
            .build());
    for (Map.Entry<String, JWTClaimsSet> token : broken.entrySet()) {
      http.get()
          .uri(protectedPath())
          .headers(h -> h.setBearerAuth(hs256(token.getValue())))
          .exchange()
          .expectStatus()
          .value(status -> assertThat(status).as(token.getKey()).isEqualTo(401))
          .expectHeader()
          .valueMatches("WWW-Authenticate", "Bearer.*invalid_token.*");
    }
  }

  /**
   * Metrics name users' activity and the system's internals: a user's token may not read them, an
   * operator's ({@code roles: [OPS]}) may.
   */
  @Test
  void servesActuatorMetricsToOperatorsOnly() {
    Instant now = Instant.now();
    JWTClaimsSet.Builder claims =
        new JWTClaimsSet.Builder()
            .subject("conventions-" + UUID.randomUUID())
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plusSeconds(300)));
    http.get()
        .uri("/actuator/metrics")
        .headers(h -> h.setBearerAuth(hs256(claims.build())))
        .exchange()
        .expectStatus()
        .isForbidden();
    http.get()
        .uri("/actuator/metrics")
        .headers(h -> h.setBearerAuth(hs256(claims.claim("roles", List.of("OPS")).build())))
        .exchange()
        .expectStatus()
        .isOk();
  }

  private String hs256(JWTClaimsSet claims) {
    String secret = context.getEnvironment().getRequiredProperty("calsync.security.jwt.secret");
    try {
      SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
      jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void listenerContainersUseTheServiceErrorHandler() {
    String topic = poisonCase().map(PoisonCase::topic).orElseGet(() -> declaredTopics().get(0));
    assertThat(defaultContainerFactory().createContainer(topic).getCommonErrorHandler())
        .isSameAs(errorHandler);
  }

  @Test
  void deadLettersPoisonRecordWithoutRetrying_andKeepsConsumingItsPartition() throws Exception {
    Assumptions.assumeTrue(poisonCase().isPresent(), "the service consumes no topic");
    PoisonCase poison = poisonCase().orElseThrow();
    String userId = "user-" + UUID.randomUUID();
    ContractMessage valid = poison.validRecordForUser().apply(userId);

    Queue<ConsumerRecord<Object, Object>> received = new ConcurrentLinkedQueue<>();
    ConcurrentMessageListenerContainer<Object, Object> probe =
        defaultContainerFactory().createContainer(poison.topic());
    // A group of its own that starts from the earliest offset (the services' consumer default).
    probe.getContainerProperties().setGroupId("conventions-probe-" + UUID.randomUUID());
    probe
        .getContainerProperties()
        .setMessageListener((MessageListener<Object, Object>) received::add);
    probe.start();
    try {
      RecordMetadata poisonSent =
          send(DeadLetters.poison(poison.topic(), userId, poison.unknownCeType()));
      RecordMetadata validSent = send(new ProducerRecord<>(poison.topic(), userId, valid));

      assertThat(validSent.partition()).isEqualTo(poisonSent.partition());
      await()
          .atMost(WITHOUT_RETRIES)
          .untilAsserted(
              () ->
                  assertThat(received)
                      .filteredOn(record -> userId.equals(record.key()))
                      .extracting(ConsumerRecord::value)
                      .containsExactly((Object) valid));

      DeadLetters.assertIsDeadLetteredPoison(
          DeadLetters.first(poison.topic(), userId, WITHOUT_RETRIES),
          poisonSent,
          poison.unknownCeType());
    } finally {
      probe.stop();
    }
  }

  private RecordMetadata send(ProducerRecord<Object, Object> record) throws Exception {
    return kafkaTemplate.send(record).get(10, TimeUnit.SECONDS).getRecordMetadata();
  }

  /** The factory a {@code @KafkaListener} without {@code containerFactory} is built by. */
  @SuppressWarnings("unchecked")
  private ConcurrentKafkaListenerContainerFactory<Object, Object> defaultContainerFactory() {
    return context.getBean(
        KafkaListenerAnnotationBeanPostProcessor.DEFAULT_KAFKA_LISTENER_CONTAINER_FACTORY_BEAN_NAME,
        ConcurrentKafkaListenerContainerFactory.class);
  }
}
