package io.calsync.emulator;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;

/**
 * The lifecycle every emulator IT shares: one emulator per test class, started in-process with the
 * class's {@link StartedWith} properties (the defaults without), back to its start-up state before
 * each test (before the subclass's own {@code @BeforeEach}), stopped after the last test.
 */
abstract class EmulatorTestBase {

  static final String ALICE = "alice@example.com";

  static GoogleEmulator google;

  /** Properties ({@code key=value}) the test class starts its emulator with. */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.TYPE)
  @interface StartedWith {
    String[] value();
  }

  @BeforeAll
  static void startEmulator(TestInfo test) {
    StartedWith properties = test.getTestClass().orElseThrow().getAnnotation(StartedWith.class);
    google = GoogleEmulator.start(properties == null ? new String[0] : properties.value());
  }

  @AfterAll
  static void stopEmulator() {
    google.close();
  }

  @BeforeEach
  void resetEmulator() {
    google.reset();
  }
}
