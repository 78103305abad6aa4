package io.calsync.platform.messaging;

import java.util.List;

/**
 * A service's own exceptions that mean a record can never succeed, so the error handler sends it to
 * the dead-letter topic at once instead of retrying it. Declare one or more beans of this type; the
 * starter adds every listed class to the classification it already applies (contract violations,
 * validation failures, and spring-kafka's own deserialisation/conversion failures).
 *
 * @param exceptions exception types; subclasses are matched too
 */
public record NonRetryableExceptions(List<Class<? extends Exception>> exceptions) {

  public NonRetryableExceptions {
    exceptions = List.copyOf(exceptions);
  }

  @SafeVarargs
  public static NonRetryableExceptions of(Class<? extends Exception>... exceptions) {
    return new NonRetryableExceptions(List.of(exceptions));
  }
}
