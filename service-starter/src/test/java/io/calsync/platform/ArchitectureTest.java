package io.calsync.platform;

import static io.calsync.testsupport.ArchitectureRules.assertReportsAViolation;
import static io.calsync.testsupport.ArchitectureRules.classesIn;
import static io.calsync.testsupport.ArchitectureRules.dependOnNoServiceNorTestSupport;
import static io.calsync.testsupport.ArchitectureRules.mainClassesIn;
import static io.calsync.testsupport.ArchitectureRules.noPackageCycles;

import com.tngtech.archunit.core.domain.JavaClasses;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The starter is shared infrastructure: it never depends on a service (each service supplies its
 * own topics, exceptions and routes as beans) nor on test-support, and its feature packages are
 * acyclic; both rules are test-support's {@code ArchitectureRules}. {@link RulesCanFail} runs them
 * against the deliberately bad classes of the test package {@code io.calsync.archfixture.platform}
 * and expects each to report a violation.
 */
class ArchitectureTest {

  private static final String ROOT = "io.calsync.platform";

  /** Where the services' packages are: {@code <base>.task}, {@code <base>.connector}, ... */
  private static final String BASE = "io.calsync";

  /**
   * The deliberately bad classes: feature packages and a stand-in service package ({@code task}),
   * all below it (it serves as both root and base).
   */
  private static final String FIXTURE = "io.calsync.archfixture.platform";

  private static final JavaClasses MAIN = mainClassesIn(ROOT);

  @Test
  void featurePackagesAreFreeOfCycles() {
    noPackageCycles(ROOT).check(MAIN);
  }

  @Test
  void dependsOnNoServicePackageAndNoTestSupport() {
    dependOnNoServiceNorTestSupport(ROOT, BASE).check(MAIN);
  }

  @Nested
  class RulesCanFail {

    @Test
    void cycleRuleReportsTheMessagingSecurityCycle() {
      assertReportsAViolation(noPackageCycles(FIXTURE), classesIn(FIXTURE));
    }

    @Test
    void serviceRuleReportsAFeatureUsingAServiceClass() {
      assertReportsAViolation(
          dependOnNoServiceNorTestSupport(FIXTURE, FIXTURE), classesIn(FIXTURE));
    }
  }
}
