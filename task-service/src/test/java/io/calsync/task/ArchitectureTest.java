package io.calsync.task;

import static io.calsync.testsupport.ArchitectureRules.arePure;

import com.tngtech.archunit.lang.ArchRule;
import io.calsync.testsupport.ServiceArchitecture;

/**
 * The layering the README's "Packages" section describes, checked on the main classes by the rules
 * every service shares (test-support's {@link ServiceArchitecture}), which also runs them against
 * the deliberately bad classes of the test package {@code io.calsync.archfixture.task} (outside
 * {@code io.calsync.task}, so that the application's component scan never picks them up). The two
 * consumers are the task commands and the erasure tombstones.
 */
class ArchitectureTest extends ServiceArchitecture {

  ArchitectureTest() {
    super("io.calsync.task", "io.calsync.archfixture.task", "commands", "erasure");
  }

  /** The task domain and the API's value rules (ETags, cursors, derived ids): plain Java. */
  @Override
  protected ArchRule pureClasses() {
    return arePure("Task", "TaskDraft", "TaskQuery", "TaskPage", "TaskIds", "ETags", "Cursors");
  }
}
