package io.calsync.testsupport;

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
import com.tngtech.archunit.library.dependencies.SliceRule;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.kafka.annotation.KafkaListener;

/**
 * The architecture rules every service's {@code ArchitectureTest} checks, written once. Each
 * service applies them to its main classes and, to show that they can fail, to its deliberately bad
 * classes under {@code io.calsync.archfixture.<service>}; so every rule takes the root package it
 * judges (or the class names it means) rather than knowing a service. {@link ServiceArchitecture}
 * runs the rules every service shares; a module's {@code ArchitectureTest} adds its own.
 */
public final class ArchitectureRules {

  /** What a pure decider, mapper or domain rule never touches: it says what, never how. */
  public static final String[] INFRASTRUCTURE =
      new String[] {
        "org.springframework..", "io.r2dbc..", "reactor..", "org.apache.kafka..", "org.postgresql.."
      };

  /** The modules a shared module (the starter) must not know, as packages below the base. */
  private static final String[] SERVICES_AND_HARNESS = {
    "task", "connector", "orchestrator", "token", "emulator", "testsupport"
  };

  private static final Map<String, JavaClasses> MAIN_CLASSES = new ConcurrentHashMap<>();

  private static final Map<String, JavaClasses> ALL_CLASSES = new ConcurrentHashMap<>();

  private ArchitectureRules() {}

  /**
   * The main classes (no test classes) in {@code root} and below, imported once per JVM: every test
   * of a module's {@code ArchitectureTest} judges the same classes.
   */
  public static JavaClasses mainClassesIn(String root) {
    return MAIN_CLASSES.computeIfAbsent(
        root,
        r ->
            new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(r));
  }

  /**
   * All classes in {@code pkg} and below, test classes included (the deliberately bad classes live
   * in test sources), imported once per JVM.
   */
  public static JavaClasses classesIn(String pkg) {
    return ALL_CLASSES.computeIfAbsent(pkg, p -> new ClassFileImporter().importPackages(p));
  }

  /**
   * Fails unless {@code rule} reports a violation in {@code classes}: run against the deliberately
   * bad classes, it shows that the rule can fail at all.
   */
  public static void assertReportsAViolation(ArchRule rule, JavaClasses classes) {
    assertThat(rule.evaluate(classes).hasViolation())
        .as(
            "the rule '%s' reports a violation in the deliberately bad classes",
            rule.getDescription())
        .isTrue();
  }

  /** No cycles among the packages directly below {@code root} (each with its subpackages). */
  public static SliceRule noPackageCycles(String root) {
    return slices().matching(root + ".(*)..").should().beFreeOfCycles();
  }

  /**
   * The classes with these simple names use no Spring, R2DBC, Reactor, Kafka or PostgreSQL type.
   * Every name must match a class: a rule about a renamed class must not pass by matching nothing.
   */
  public static ArchRule arePure(String... simpleNames) {
    Set<String> names = Set.of(simpleNames);
    return arePure(
        DescribedPredicate.describe(
            "are named " + String.join(", ", simpleNames),
            (JavaClass javaClass) -> names.contains(javaClass.getSimpleName())));
  }

  /**
   * The classes {@code pureClasses} selects use no Spring, R2DBC, Reactor, Kafka or PostgreSQL
   * type; the rule fails when it selects none.
   */
  public static ArchRule arePure(DescribedPredicate<? super JavaClass> pureClasses) {
    return noClasses()
        .that(pureClasses)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(INFRASTRUCTURE)
        .allowEmptyShould(false);
  }

  /**
   * {@code @KafkaListener} methods are declared only in these packages below {@code root} (none at
   * all when no package is named).
   */
  public static ArchRule onlyTheseListenToKafka(String root, String... packages) {
    String[] listenerPackages =
        Arrays.stream(packages).map(p -> root + "." + p + "..").toArray(String[]::new);
    return methods()
        .that()
        .areAnnotatedWith(KafkaListener.class)
        .should()
        .beDeclaredInClassesThat()
        .resideInAnyPackage(listenerPackages)
        .allowEmptyShould(true);
  }

  /** A class-level {@code @KafkaListener} would hide its listeners from the method rule. */
  public static ArchRule noClassIsAKafkaListenerType() {
    return noClasses().should().beAnnotatedWith(KafkaListener.class);
  }

  /**
   * The classes in {@code root} and below depend on no service package below {@code base} ({@code
   * <base>.task}, {@code <base>.connector}, ...) and on no test-support: shared infrastructure gets
   * what is a service's own as beans, never by reaching into it.
   */
  public static ArchRule dependOnNoServiceNorTestSupport(String root, String base) {
    String[] forbidden =
        Arrays.stream(SERVICES_AND_HARNESS).map(p -> base + "." + p + "..").toArray(String[]::new);
    return noClasses()
        .that()
        .resideInAPackage(root + "..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(forbidden);
  }

  public static ArchRule mainCodeDoesNotUseTestSupport() {
    return noClasses().should().dependOnClassesThat().resideInAPackage("io.calsync.testsupport..");
  }
}
