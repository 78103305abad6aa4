package io.calsync.contracts;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * sync-contracts is the published language: it depends on no service and on no library but the JDK,
 * Jackson, the JSON Schema validator and kafka-clients (so on no Spring, R2DBC, Reactor or
 * PostgreSQL type), its bodies on no Kafka type either (only the serde and the topic declarations
 * speak Kafka), and its packages are acyclic. {@link RulesCanFail} runs the same rules against the
 * deliberately bad classes of the test package {@code io.calsync.archfixture.contracts} and expects
 * each to report a violation. (test-support depends on this module, so its shared rules are out of
 * reach here.)
 */
class ArchitectureTest {

  private static final String ROOT = "io.calsync.contracts";

  /** Where the services' packages are: {@code <base>.task}, {@code <base>.connector}, ... */
  private static final String BASE = "io.calsync";

  /**
   * The deliberately bad classes: the contract packages and a service package, all below it (it
   * serves as both root and base).
   */
  private static final String FIXTURE = "io.calsync.archfixture.contracts";

  private static final JavaClasses MAIN =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages(ROOT);

  static ArchRule noPackageCycles(String root) {
    return slices().matching(root + ".(*)..").should().beFreeOfCycles();
  }

  /** Every service depends on the contracts, never the other way. */
  static ArchRule dependsOnNoService(String root, String base) {
    return noClasses()
        .that()
        .resideInAPackage(root + "..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            base + ".task..",
            base + ".connector..",
            base + ".orchestrator..",
            base + ".token..",
            base + ".emulator..",
            base + ".platform..",
            base + ".testsupport..");
  }

  /**
   * Any CRM service can use the contracts, whatever its framework: they need only the JDK, Jackson,
   * the JSON Schema validator and kafka-clients (an allow-list, so no Spring, R2DBC, Reactor or
   * PostgreSQL type, nor anything else that would come along).
   */
  static ArchRule dependsOnlyOnJdkJacksonSchemaValidatorAndKafkaClients(String root) {
    return classes()
        .that()
        .resideInAPackage(root + "..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(
            root + "..",
            "java..",
            "com.fasterxml.jackson..",
            "com.networknt.schema..",
            "org.apache.kafka..");
  }

  /** The bodies are plain records; Kafka is the business of {@code cloudevents} and the topics. */
  static ArchRule bodiesUseNoKafkaType(String root) {
    return noClasses()
        .that()
        .resideInAnyPackage(
            root + ".task..", root + ".calendar..", root + ".connection..", root + ".sync..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.apache.kafka..");
  }

  @Test
  void packagesAreFreeOfCycles() {
    noPackageCycles(ROOT).check(MAIN);
  }

  @Test
  void dependsOnNoServicePackage() {
    dependsOnNoService(ROOT, BASE).check(MAIN);
  }

  @Test
  void dependsOnNoSpringR2dbcReactorOrPostgresType_onlyOnTheListedLibraries() {
    dependsOnlyOnJdkJacksonSchemaValidatorAndKafkaClients(ROOT).check(MAIN);
  }

  @Test
  void eventAndCommandBodiesDependOnNoKafkaType() {
    bodiesUseNoKafkaType(ROOT).check(MAIN);
  }

  @Nested
  class RulesCanFail {

    private final JavaClasses fixture = new ClassFileImporter().importPackages(FIXTURE);

    @Test
    void cycleRuleReportsTheFixturesTwoPackageCycle() {
      assertThat(noPackageCycles(FIXTURE).evaluate(fixture).hasViolation()).isTrue();
    }

    @Test
    void serviceRuleReportsABodyUsingAnOrchestratorClass() {
      assertThat(
              dependsOnNoService(FIXTURE + ".calendar", FIXTURE).evaluate(fixture).hasViolation())
          .isTrue();
    }

    @Test
    void libraryRuleReportsABodyUsingATypeFromOutsideTheList() {
      assertThat(
              dependsOnlyOnJdkJacksonSchemaValidatorAndKafkaClients(FIXTURE + ".calendar")
                  .evaluate(fixture)
                  .hasViolation())
          .isTrue();
    }

    @Test
    void kafkaRuleReportsABodyUsingKafka() {
      assertThat(bodiesUseNoKafkaType(FIXTURE).evaluate(fixture).hasViolation()).isTrue();
    }
  }
}
