package io.calsync.testsupport;

import static io.calsync.testsupport.ArchitectureRules.assertReportsAViolation;
import static io.calsync.testsupport.ArchitectureRules.classesIn;
import static io.calsync.testsupport.ArchitectureRules.mainClassesIn;
import static io.calsync.testsupport.ArchitectureRules.mainCodeDoesNotUseTestSupport;
import static io.calsync.testsupport.ArchitectureRules.noClassIsAKafkaListenerType;
import static io.calsync.testsupport.ArchitectureRules.noPackageCycles;
import static io.calsync.testsupport.ArchitectureRules.onlyTheseListenToKafka;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The layering checks every CalSync service's {@code ArchitectureTest} runs, with the rules of
 * {@link ArchitectureRules}: its packages are acyclic, the classes it calls pure use no Spring,
 * R2DBC, Reactor, Kafka or PostgreSQL type, {@code @KafkaListener} methods are declared only in its
 * listener packages, and its main code uses no test-support.
 *
 * <p>A service's {@code ArchitectureTest} extends this class, passes its root package, the package
 * of its deliberately bad classes and its listener packages to the constructor, answers {@link
 * #pureClasses()}, and keeps the rules that are its own next to the inherited ones (as {@code
 * ServiceConventions} does for the boot ITs).
 *
 * <p>{@link RulesCanFail} runs every inherited rule against the deliberately bad classes and
 * expects each to report a violation, so that a rule which can no longer fail is noticed. The bad
 * classes (test sources, outside the service's root so that its component scan never picks them up)
 * must therefore hold a two-package cycle, an impure class that {@link #pureClasses()} names, a
 * {@code KafkaListener} outside the listener packages, and a class that uses test-support.
 */
public abstract class ServiceArchitecture {

  private final String root;
  private final String fixture;
  private final String[] listenerPackages;

  /**
   * @param root the service's root package, e.g. {@code io.calsync.task}
   * @param fixture the package of its deliberately bad classes, e.g. {@code
   *     io.calsync.archfixture.task}
   * @param listenerPackages the packages below the root (and below the fixture) that may declare
   *     {@code @KafkaListener} methods; none for a service that consumes nothing
   */
  protected ServiceArchitecture(String root, String fixture, String... listenerPackages) {
    this.root = root;
    this.fixture = fixture;
    this.listenerPackages = listenerPackages.clone();
  }

  /**
   * The rule naming this service's pure classes, usually {@link ArchitectureRules#arePure}. It is
   * checked against the main classes and, to show it can fail, against the bad classes, so the
   * names must include the bad classes' impure one.
   */
  protected abstract ArchRule pureClasses();

  /** The service's main classes (no test classes), imported once per JVM. */
  protected final JavaClasses mainClasses() {
    return mainClassesIn(root);
  }

  /** The deliberately bad classes, imported once per JVM. */
  protected final JavaClasses fixtureClasses() {
    return classesIn(fixture);
  }

  private ArchRule onlyTheListenerPackagesListenToKafka(String below) {
    return onlyTheseListenToKafka(below, listenerPackages);
  }

  @Test
  void packagesAreFreeOfCycles() {
    noPackageCycles(root).check(mainClasses());
  }

  @Test
  void pureClassesDependOnNoSpringR2dbcReactorOrKafkaType() {
    pureClasses().check(mainClasses());
  }

  @Test
  void onlyTheListenerPackagesDeclareKafkaListeners() {
    onlyTheListenerPackagesListenToKafka(root).check(mainClasses());
    noClassIsAKafkaListenerType().check(mainClasses());
  }

  @Test
  void mainCodeDependsOnNoTestSupport() {
    mainCodeDoesNotUseTestSupport().check(mainClasses());
  }

  @Nested
  class RulesCanFail {

    @Test
    void cycleRuleReportsTheFixturesTwoPackageCycle() {
      assertReportsAViolation(noPackageCycles(fixture), fixtureClasses());
    }

    @Test
    void purityRuleReportsTheFixturesImpureClass() {
      assertReportsAViolation(pureClasses(), fixtureClasses());
    }

    @Test
    void listenerRuleReportsAKafkaListenerOutsideTheListenerPackages() {
      assertReportsAViolation(onlyTheListenerPackagesListenToKafka(fixture), fixtureClasses());
    }

    @Test
    void testSupportRuleReportsAClassUsingTestSupport() {
      assertReportsAViolation(mainCodeDoesNotUseTestSupport(), fixtureClasses());
    }
  }
}
