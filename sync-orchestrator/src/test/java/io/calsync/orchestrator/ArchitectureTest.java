package io.calsync.orchestrator;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleNameEndingWith;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static io.calsync.testsupport.ArchitectureRules.arePure;
import static io.calsync.testsupport.ArchitectureRules.assertReportsAViolation;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;
import io.calsync.testsupport.ServiceArchitecture;
import java.util.Arrays;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The layering the README's "Packages" section describes, checked on the main classes by the rules
 * every service shares (test-support's {@link ServiceArchitecture}, with the deciders as the pure
 * classes and {@code intake} as the only listener package) and by the orchestrator's own: deciders
 * reach no effects, and the two directions do not depend on each other. Both kinds run against the
 * deliberately bad classes of the test package {@code io.calsync.archfixture.orchestrator} (outside
 * {@code io.calsync.orchestrator}, so that the application's component scan never picks them up),
 * each expected to report a violation.
 */
class ArchitectureTest extends ServiceArchitecture {

  private static final String ROOT = "io.calsync.orchestrator";

  /** The pure decisions: what should happen, never how. */
  private static final DescribedPredicate<JavaClass> DECIDERS =
      named(
              "CalendarCommandDecider",
              "EventChangeDecider",
              "ThreeWayMerge",
              "Reconciliation",
              "BurstRule",
              "ErasureRule",
              "TaskEffects",
              "MergeEffects",
              "EventEffects")
          .or(resideInAPackage(ROOT + ".merge.."))
          .as("the deciders");

  /** What makes things happen: a decider's handler hands its result to these. */
  private static final DescribedPredicate<JavaClass> EFFECTS =
      named("SyncHistory", "Inbox", "SyncMetrics")
          .or(simpleNameEndingWith("Repository"))
          .or(simpleNameEndingWith("Publisher"))
          .or(simpleNameEndingWith("CommandLog"))
          .as("repositories, publishers, command logs, the history, the inbox or metrics");

  ArchitectureTest() {
    super(ROOT, "io.calsync.archfixture.orchestrator", "intake");
  }

  private static DescribedPredicate<JavaClass> named(String... simpleNames) {
    return Arrays.stream(simpleNames)
        .map(JavaClass.Predicates::simpleName)
        .reduce((left, right) -> left.or(right))
        .orElseThrow();
  }

  /** No Spring, R2DBC, Reactor or Kafka in a decider. */
  @Override
  protected ArchRule pureClasses() {
    return arePure(DECIDERS);
  }

  /**
   * A decider returns what should happen and never does it: it reaches no repository, publisher,
   * command log, history, inbox or metrics; its caller hands the result to those.
   */
  static ArchRule decidersReachNoEffects() {
    return noClasses().that(DECIDERS).should().dependOnClassesThat(EFFECTS).allowEmptyShould(false);
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
  void decidersReachNoRepositoryPublisherHistoryOrInbox() {
    decidersReachNoEffects().check(mainClasses());
  }

  @Test
  void theTwoDirectionsDoNotDependOnEachOther() {
    googleToCrmAndCrmToGoogleAreIndependent().check(mainClasses());
    crmToGoogleDoesNotDependOnGoogleToCrm().check(mainClasses());
  }

  @Nested
  class DeciderRulesCanFail {

    @Test
    void effectsRuleReportsADeciderSavingALink() {
      assertReportsAViolation(decidersReachNoEffects(), fixtureClasses());
    }
  }
}
