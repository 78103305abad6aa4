package io.calsync.platform;

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
 * The starter is shared infrastructure: it never depends on a service (each service supplies its
 * own topics, exceptions and routes as beans) nor on test-support, and its feature packages are
 * acyclic. {@link RulesCanFail} runs the same rules against the deliberately bad classes of the
 * test package {@code io.calsync.archfixture.platform} and expects each to report a violation. (The
 * starter does not depend on test-support, so it keeps these two short rules of its own.)
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

  private static final JavaClasses MAIN =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages(ROOT);

  static ArchRule featurePackagesAreAcyclic(String root) {
    return slices().matching(root + ".(*)..").should().beFreeOfCycles();
  }

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
            base + ".testsupport..");
  }

  @Test
  void featurePackagesAreFreeOfCycles() {
    featurePackagesAreAcyclic(ROOT).check(MAIN);
  }

  @Test
  void dependsOnNoServicePackageAndNoTestSupport() {
    dependsOnNoService(ROOT, BASE).check(MAIN);
  }

  @Nested
  class RulesCanFail {

    private final JavaClasses fixture = new ClassFileImporter().importPackages(FIXTURE);

    @Test
    void cycleRuleReportsTheMessagingSecurityCycle() {
      assertThat(featurePackagesAreAcyclic(FIXTURE).evaluate(fixture).hasViolation()).isTrue();
    }

    @Test
    void serviceRuleReportsAFeatureUsingAServiceClass() {
      assertThat(dependsOnNoService(FIXTURE, FIXTURE).evaluate(fixture).hasViolation()).isTrue();
    }
  }
}
