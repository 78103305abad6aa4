package io.calsync.task;

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
 * io.calsync.archfixture.task} and expects each to report a violation.
 */
class ArchitectureTest {

  private static final String ROOT = "io.calsync.task";

  /**
   * The deliberately bad classes, outside {@code io.calsync.task} so that the application's
   * component scan (which the integration tests run) never picks them up.
   */
  private static final String FIXTURE = "io.calsync.archfixture.task";

  private static final JavaClasses MAIN =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages(ROOT);

  /** The task domain and the API's value rules (ETags, cursors, derived ids): plain Java. */
  static ArchRule domainAndValueRulesArePure() {
    return arePure("Task", "TaskDraft", "TaskQuery", "TaskPage", "TaskIds", "ETags", "Cursors");
  }

  /** The two consumers: task commands and the erasure tombstones. */
  static ArchRule onlyCommandsAndErasureListenToKafka(String root) {
    return onlyTheseListenToKafka(root, "commands", "erasure");
  }

  @Test
  void packagesAreFreeOfCycles() {
    noPackageCycles(ROOT).check(MAIN);
  }

  @Test
  void domainAndValueRulesDependOnNoSpringR2dbcReactorOrKafkaType() {
    domainAndValueRulesArePure().check(MAIN);
  }

  @Test
  void onlyCommandsAndErasureDeclareKafkaListeners() {
    onlyCommandsAndErasureListenToKafka(ROOT).check(MAIN);
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
    void purityRuleReportsATaskIdsUsingSpringAndReactor() {
      assertThat(arePure("TaskIds").evaluate(fixture).hasViolation()).isTrue();
    }

    @Test
    void listenerRuleReportsAKafkaListenerInTasks() {
      assertThat(onlyCommandsAndErasureListenToKafka(FIXTURE).evaluate(fixture).hasViolation())
          .isTrue();
    }

    @Test
    void testSupportRuleReportsAClassUsingTestSupport() {
      assertThat(mainCodeDoesNotUseTestSupport().evaluate(fixture).hasViolation()).isTrue();
    }
  }
}
