package io.calsync.contracts;

import java.util.Collection;

/**
 * A message that breaks the CalSync contract: a missing or blank required field, an unknown or
 * missing {@code ce_type}, a missing CloudEvents header, malformed JSON or a schema violation. The
 * message always names the problem (e.g. {@code missing required field `title`}).
 *
 * <p>It is an {@link IllegalArgumentException} because record constructors throw it too. Consumers
 * should treat it as non-retryable: with spring-kafka's {@code ErrorHandlingDeserializer} it
 * arrives wrapped in a {@code DeserializationException}, which {@code DefaultErrorHandler} sends
 * straight to the dead-letter topic.
 */
public class ContractViolationException extends IllegalArgumentException {

  public ContractViolationException(String message) {
    super(message);
  }

  public ContractViolationException(String message, Throwable cause) {
    super(message, cause);
  }

  /** Returns {@code value}, or throws naming {@code field} when it is null. */
  public static <T> T required(T value, String field) {
    if (value == null) {
      throw new ContractViolationException("missing required field `" + field + "`");
    }
    return value;
  }

  /** Returns {@code value}, or throws naming {@code field} when it is null or blank. */
  public static String requiredText(String value, String field) {
    if (value == null || value.isBlank()) {
      throw new ContractViolationException("missing required field `" + field + "`");
    }
    return value;
  }

  /** Returns {@code value}, or throws naming {@code field} when it is empty. */
  public static <C extends Collection<?>> C requiredNonEmpty(C value, String field) {
    if (required(value, field).isEmpty()) {
      throw new ContractViolationException("field `" + field + "` must not be empty");
    }
    return value;
  }
}
