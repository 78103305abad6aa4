package io.calsync.emulator;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackages;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The layering the README's "Packages" section describes, checked on the main classes. {@link
 * RulesCanFail} runs the same rules against the deliberately bad classes of the test package {@code
 * io.calsync.archfixture.emulator} and expects each to report a violation.
 */
class ArchitectureTest {

  private static final String ROOT = "io.calsync.emulator";

  /**
   * The deliberately bad classes, outside {@code io.calsync.emulator} so that the emulator's
   * component scan never picks them up.
   */
  private static final String FIXTURE = "io.calsync.archfixture.emulator";

  private static final JavaClasses MAIN =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages(ROOT);

  /**
   * No cycles among the top-level packages under {@code root}, the root package itself counted as
   * one more (it holds the entry points, {@code GoogleEmulator} and the application, which depend
   * on everything, so nothing may depend on it).
   */
  static ArchRule noPackageCycles(String root) {
    return slices().assignedFrom(topLevelPackagesAndRootOf(root)).should().beFreeOfCycles();
  }

  /**
   * The control API sits on top of the emulated Google: nothing below it (Calendar, OAuth, push,
   * faults, state, wire) depends on it; state it must reset implements {@code store.Resettable}.
   */
  static ArchRule onlyTheEntryPointsDependOnControl(String root) {
    return noClasses()
        .that()
        .resideInAPackage(root + ".*..")
        .and()
        .resideOutsideOfPackage(root + ".control..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage(root + ".control..");
  }

  /**
   * {@code store} is plain in-memory state: no HTTP, no Reactor, and no emulator package but {@code
   * config}; the web-facing features build on it, never the other way.
   */
  static ArchRule storeIsPlainState(String root) {
    return noClasses()
        .that()
        .resideInAPackage(root + ".store..")
        .should()
        .dependOnClassesThat(
            resideInAnyPackage(
                    "org.springframework.web..", "org.springframework.http..", "reactor..")
                .or(
                    resideInAPackage(root + ".*..")
                        .and(resideOutsideOfPackages(root + ".store..", root + ".config.."))));
  }

  private static SliceAssignment topLevelPackagesAndRootOf(String root) {
    return new SliceAssignment() {
      @Override
      public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
        String name = javaClass.getPackageName();
        if (name.equals(root)) {
          return SliceIdentifier.of("(root package)");
        }
        if (name.startsWith(root + ".")) {
          return SliceIdentifier.of(name.substring(root.length() + 1).split("\\.")[0]);
        }
        return SliceIdentifier.ignore();
      }

      @Override
      public String getDescription() {
        return "the top-level packages of " + root + " and " + root + " itself";
      }
    };
  }

  @Test
  void packagesAreFreeOfCycles_theRootPackageIncluded() {
    noPackageCycles(ROOT).check(MAIN);
  }

  @Test
  void nothingButTheEntryPointsDependsOnTheControlApi() {
    onlyTheEntryPointsDependOnControl(ROOT).check(MAIN);
  }

  @Test
  void storeDependsOnNoHttpAndNoFeaturePackage() {
    storeIsPlainState(ROOT).check(MAIN);
  }

  @Nested
  class RulesCanFail {

    private final JavaClasses fixture = new ClassFileImporter().importPackages(FIXTURE);

    @Test
    void cycleRuleReportsTheControlCalendarCycle() {
      assertThat(noPackageCycles(FIXTURE).evaluate(fixture).hasViolation()).isTrue();
    }

    @Test
    void cycleRuleReportsACycleThroughTheRootPackage() {
      assertThat(noPackageCycles(FIXTURE + ".rootcycle").evaluate(fixture).hasViolation()).isTrue();
    }

    @Test
    void controlRuleReportsAFeatureImplementingTheControlApisInterface() {
      assertThat(onlyTheEntryPointsDependOnControl(FIXTURE).evaluate(fixture).hasViolation())
          .isTrue();
    }

    @Test
    void storeRuleReportsAStoreUsingHttpAndAFeature() {
      assertThat(storeIsPlainState(FIXTURE).evaluate(fixture).hasViolation()).isTrue();
    }
  }
}
