package io.calsync.token;

import static io.calsync.testsupport.ArchitectureRules.arePure;

import com.tngtech.archunit.lang.ArchRule;
import io.calsync.testsupport.ServiceArchitecture;

/**
 * The layering the README's "Packages" section describes, checked on the main classes by the rules
 * every service shares (test-support's {@link ServiceArchitecture}), which also runs them against
 * the deliberately bad classes of the test package {@code io.calsync.archfixture.token} (outside
 * {@code io.calsync.token}, so that the application's component scan never picks them up).
 * token-service consumes nothing: it only publishes, so no package may declare a Kafka listener.
 */
class ArchitectureTest extends ServiceArchitecture {

  ArchitectureTest() {
    super("io.calsync.token", "io.calsync.archfixture.token");
  }

  /** The cipher, the Sync Now rate limiter and the connection's value types: plain Java. */
  @Override
  protected ArchRule pureClasses() {
    return arePure(
        "TokenCipher",
        "SyncNowRateLimiter",
        "ConnectionStatus",
        "GoogleConnection",
        "GoogleTokens");
  }
}
