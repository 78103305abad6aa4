package io.calsync.connector;

import static io.calsync.testsupport.ArchitectureRules.arePure;
import static io.calsync.testsupport.ArchitectureRules.mainCodeDoesNotUseTestSupport;
import static io.calsync.testsupport.ArchitectureRules.noClassIsAKafkaListenerType;
import static io.calsync.testsupport.ArchitectureRules.noPackageCycles;
import static io.calsync.testsupport.ArchitectureRules.onlyTheseListenToKafka;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The layering the README's "Packages" section describes, checked on the main classes with the
 * shared rules of test-support's {@code ArchitectureRules}. {@link RulesCanFail} runs the same
 * rules against the deliberately bad classes of the test package {@code
 * io.calsync.archfixture.connector} and expects each to report a violation.
 */
class ArchitectureTest {

  private static final String ROOT = "io.calsync.connector";

  /**
   * The deliberately bad classes, outside {@code io.calsync.connector} so that the application's
   * component scan (which the integration tests run) never picks them up.
   */
  private static final String FIXTURE = "io.calsync.archfixture.connector";

  private static final JavaClasses MAIN =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages(ROOT);

  /**
   * The Google mapping and the classification of Google's errors: what a call means, never how it
   * is made.
   */
  static ArchRule mappingAndErrorRulesArePure() {
    return arePure(
        "EventMapper",
        "GoogleErrors",
        "TransientGoogleError",
        "GoogleOutage",
        "Execution",
        "ParkReason");
  }

  /** The two consumers: commands (main group) and the read side's sync group. */
  static ArchRule onlyCommandsAndSyncListenToKafka(String root) {
    return onlyTheseListenToKafka(root, "commands", "sync");
  }

  /**
   * Known limit: javac inlines compile-time constants, so a dependency only through a {@code static
   * final String} is invisible here (the former {@code sync → erasure} edge through {@code
   * ErasedUsers.NOT_ERASED} was one; the marker now lives in service-starter).
   */
  @Test
  void packagesAreFreeOfCycles() {
    noPackageCycles(ROOT).check(MAIN);
  }

  @Test
  void mappingAndErrorRulesDependOnNoSpringR2dbcReactorOrKafkaType() {
    mappingAndErrorRulesArePure().check(MAIN);
  }

  @Test
  void onlyCommandsAndSyncDeclareKafkaListeners() {
    onlyCommandsAndSyncListenToKafka(ROOT).check(MAIN);
    noClassIsAKafkaListenerType().check(MAIN);
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
    void purityRuleReportsAMapperUsingSpringAndReactor() {
      assertThat(arePure("EventMapper").evaluate(fixture).hasViolation()).isTrue();
    }

    @Test
    void listenerRuleReportsAKafkaListenerInGoogle() {
      assertThat(onlyCommandsAndSyncListenToKafka(FIXTURE).evaluate(fixture).hasViolation())
          .isTrue();
    }

    @Test
    void testSupportRuleReportsAClassUsingTestSupport() {
      assertThat(mainCodeDoesNotUseTestSupport().evaluate(fixture).hasViolation()).isTrue();
    }
  }
}
