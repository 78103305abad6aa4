package io.calsync.task.api;

import java.util.List;

/** The request is malformed; answered 400 with every offending field listed. */
class InvalidRequestException extends RuntimeException {

  private final List<InvalidField> fields;

  InvalidRequestException(List<InvalidField> fields) {
    super("invalid request: " + fields);
    this.fields = List.copyOf(fields);
  }

  InvalidRequestException(String field, String message) {
    this(List.of(new InvalidField(field, message)));
  }

  List<InvalidField> fields() {
    return fields;
  }

  /** One entry of the problem's {@code invalidFields}. */
  record InvalidField(String field, String message) {}
}
