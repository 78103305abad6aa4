package io.calsync.orchestrator;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleNameEndingWith;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Arrays;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.annotation.KafkaListener;

/**
 * The layering the README's "Packages" section describes, checked on the main classes. {@link
 * RulesCanFail} runs the same rules against the deliberately bad classes of the test package {@code
 * archfixture} and expects each to report a violation.
 */
class ArchitectureTest {

  private static final String ROOT = "io.calsync.orchestrator";

  /**
   * The deliberately bad classes, outside {@code io.calsync.orchestrator} so that the application's
   * component scan (which the integration tests run) never picks them up.
   */
  private static final String FIXTURE = "io.calsync.archfixture.orchestrator";

  private static final JavaClasses MAIN =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages(ROOT);

  static ArchRule noPackageCycles(String root) {
    return slices().matching(root + ".(*)..").should().beFreeOfCycles();
  }

  /** The pure decisions: what should happen, never how. */
  private static final DescribedPredicate<JavaClass> DECIDERS =
      named(
              "CalendarCommandDecider",
              "EventChangeDecider",
              "ThreeWayMerge",
              "Reconciliation",
              "BurstRule",
              "ErasureRule")
          .or(resideInAPackage(ROOT + ".merge.."))
          .as("the deciders");

  /** What makes things happen: a decider's handler hands its result to these. */
  private static final DescribedPredicate<JavaClass> EFFECTS =
      named("SyncHistory", "Inbox", "SyncMetrics")
          .or(simpleNameEndingWith("Repository"))
          .or(simpleNameEndingWith("Publisher"))
          .or(simpleNameEndingWith("CommandLog"))
          .as("repositories, publishers, command logs, the history, the inbox or metrics");

  private static DescribedPredicate<JavaClass> named(String... simpleNames) {
    return Arrays.stream(simpleNames)
        .map(JavaClass.Predicates::simpleName)
        .reduce((left, right) -> left.or(right))
        .orElseThrow();
  }

  /** No Spring, R2DBC, Reactor or Kafka in a decider. */
  static ArchRule decidersArePure() {
    return noClasses()
        .that(DECIDERS)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.springframework..",
            "io.r2dbc..",
            "reactor..",
            "org.apache.kafka..",
            "org.postgresql..")
        .allowEmptyShould(false);
  }

  /**
   * A decider returns what should happen and never does it: it reaches no repository, publisher,
   * command log, history, inbox or metrics; its caller hands the result to those.
   */
  static ArchRule decidersReachNoEffects() {
    return noClasses().that(DECIDERS).should().dependOnClassesThat(EFFECTS).allowEmptyShould(false);
  }

  static ArchRule onlyIntakeListensToKafka() {
    return methods()
        .that()
        .areAnnotatedWith(KafkaListener.class)
        .should()
        .beDeclaredInClassesThat()
        .resideInAPackage(ROOT + ".intake..")
        .allowEmptyShould(true);
  }

  static ArchRule noClassIsAKafkaListenerType() {
    return noClasses().should().beAnnotatedWith(KafkaListener.class);
  }

  static ArchRule mainCodeDoesNotUseTestSupport() {
    return noClasses().should().dependOnClassesThat().resideInAPackage("io.calsync.testsupport..");
  }

  static ArchRule googleToCrmAndCrmToGoogleAreIndependent() {
    return noClasses()
        .that()
        .resideInAPackage(ROOT + ".googletocrm..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage(ROOT + ".crmtogoogle..");
  }

  static ArchRule crmToGoogleDoesNotDependOnGoogleToCrm() {
    return noClasses()
        .that()
        .resideInAPackage(ROOT + ".crmtogoogle..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage(ROOT + ".googletocrm..");
  }

  @Test
  void packagesAreFreeOfCycles() {
    noPackageCycles(ROOT).check(MAIN);
  }

  @Test
  void decidersDependOnNoSpringR2dbcReactorOrKafkaType() {
    decidersArePure().check(MAIN);
  }

  @Test
  void decidersReachNoRepositoryPublisherHistoryOrInbox() {
    decidersReachNoEffects().check(MAIN);
  }

  @Test
  void onlyTheIntakePackageDeclaresKafkaListeners() {
    onlyIntakeListensToKafka().check(MAIN);
    noClassIsAKafkaListenerType().check(MAIN);
  }

  @Test
  void theTwoDirectionsDoNotDependOnEachOther() {
    googleToCrmAndCrmToGoogleAreIndependent().check(MAIN);
    crmToGoogleDoesNotDependOnGoogleToCrm().check(MAIN);
  }

  @Test
  void mainCodeDependsOnNoTestSupport() {
    mainCodeDoesNotUseTestSupport().check(MAIN);
  }

  @Nested
  class RulesCanFail {

    private final JavaClasses fixture = new ClassFileImporter().importPackages(FIXTURE);

    @Test
    void cycleRuleReportsTheFixturesTwoPackageCycle() {
      assertThat(noPackageCycles(FIXTURE).evaluate(fixture).hasViolation()).isTrue();
    }

    @Test
    void purityRuleReportsADeciderUsingSpringAndReactor() {
      assertThat(decidersArePure().evaluate(fixture).hasViolation()).isTrue();
    }

    @Test
    void effectsRuleReportsADeciderSavingALink() {
      assertThat(decidersReachNoEffects().evaluate(fixture).hasViolation()).isTrue();
    }

    @Test
    void listenerRuleReportsAKafkaListenerOutsideIntake() {
      assertThat(onlyIntakeListensToKafka().evaluate(fixture).hasViolation()).isTrue();
    }
  }
}
