package io.calsync.testsupport;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceRule;
import java.util.Arrays;
import java.util.Set;
import org.springframework.kafka.annotation.KafkaListener;

/**
 * The architecture rules every service's {@code ArchitectureTest} checks, written once. Each
 * service applies them to its main classes and, to show that they can fail, to its deliberately bad
 * classes under {@code io.calsync.archfixture.<service>}; so every rule takes the root package it
 * judges (or the class names it means) rather than knowing a service.
 */
public final class ArchitectureRules {

  /** What a pure decider, mapper or domain rule never touches: it says what, never how. */
  public static final String[] INFRASTRUCTURE =
      new String[] {
        "org.springframework..", "io.r2dbc..", "reactor..", "org.apache.kafka..", "org.postgresql.."
      };

  private ArchitectureRules() {}

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
    return noClasses()
        .that(
            DescribedPredicate.describe(
                "are named " + String.join(", ", simpleNames),
                (JavaClass javaClass) -> names.contains(javaClass.getSimpleName())))
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

  public static ArchRule mainCodeDoesNotUseTestSupport() {
    return noClasses().should().dependOnClassesThat().resideInAPackage("io.calsync.testsupport..");
  }
}
