package io.calsync.connector;

import static io.calsync.testsupport.ArchitectureRules.arePure;

import com.tngtech.archunit.lang.ArchRule;
import io.calsync.testsupport.ServiceArchitecture;

/**
 * The layering the README's "Packages" section describes, checked on the main classes by the rules
 * every service shares (test-support's {@link ServiceArchitecture}), which also runs them against
 * the deliberately bad classes of the test package {@code io.calsync.archfixture.connector}
 * (outside {@code io.calsync.connector}, so that the application's component scan never picks them
 * up). The two consumers are the commands (main group) and the read side's sync group.
 *
 * <p>Known limit of the cycle check: javac inlines compile-time constants, so a dependency only
 * through a {@code static final String} is invisible to it (the former {@code sync → erasure} edge
 * through {@code ErasedUsers.NOT_ERASED} was one; the marker now lives in service-starter).
 */
class ArchitectureTest extends ServiceArchitecture {

  ArchitectureTest() {
    super("io.calsync.connector", "io.calsync.archfixture.connector", "commands", "sync");
  }

  /**
   * The Google mapping and the classification of Google's errors: what a call means, never how it
   * is made.
   */
  @Override
  protected ArchRule pureClasses() {
    return arePure(
        "EventMapper",
        "GoogleErrors",
        "TransientGoogleError",
        "GoogleOutage",
        "Execution",
        "ParkReason");
  }
}
