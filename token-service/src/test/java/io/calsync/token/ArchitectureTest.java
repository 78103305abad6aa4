package io.calsync.token;

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
 * io.calsync.archfixture.token} and expects each to report a violation.
 */
class ArchitectureTest {

  private static final String ROOT = "io.calsync.token";

  /**
   * The deliberately bad classes, outside {@code io.calsync.token} so that the application's
   * component scan (which the integration tests run) never picks them up.
   */
  private static final String FIXTURE = "io.calsync.archfixture.token";

  private static final JavaClasses MAIN =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages(ROOT);

  /** The cipher, the Sync Now rate limiter and the connection's value types: plain Java. */
  static ArchRule cipherLimiterAndValuesArePure() {
    return arePure(
        "TokenCipher",
        "SyncNowRateLimiter",
        "ConnectionStatus",
        "GoogleConnection",
        "GoogleTokens");
  }

  /** token-service consumes nothing: it only publishes. */
  static ArchRule nothingListensToKafka(String root) {
    return onlyTheseListenToKafka(root);
  }

  @Test
  void packagesAreFreeOfCycles() {
    noPackageCycles(ROOT).check(MAIN);
  }

  @Test
  void cipherLimiterAndValuesDependOnNoSpringR2dbcReactorOrKafkaType() {
    cipherLimiterAndValuesArePure().check(MAIN);
  }

  @Test
  void noPackageDeclaresKafkaListeners() {
    nothingListensToKafka(ROOT).check(MAIN);
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
    void purityRuleReportsATokenCipherUsingSpringAndReactor() {
      assertThat(arePure("TokenCipher").evaluate(fixture).hasViolation()).isTrue();
    }

    @Test
    void listenerRuleReportsAnyKafkaListener() {
      assertThat(nothingListensToKafka(FIXTURE).evaluate(fixture).hasViolation()).isTrue();
    }

    @Test
    void testSupportRuleReportsAClassUsingTestSupport() {
      assertThat(mainCodeDoesNotUseTestSupport().evaluate(fixture).hasViolation()).isTrue();
    }
  }
}
