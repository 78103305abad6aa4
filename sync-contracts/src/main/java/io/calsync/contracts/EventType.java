package io.calsync.contracts;

import java.util.Objects;
import java.util.function.Function;

/**
 * One registered message type: its CloudEvents {@code ce_type}, the record class of its body, the
 * topic it travels on and how its {@code ce_subject} (the entity id) is derived.
 *
 * @param ceType the versioned {@code ce_type}, e.g. {@code io.calsync.task.updated.v1}
 * @param bodyClass the record class of the JSON body
 * @param topic the contract topic the type is published to
 * @param subject derives the default {@code ce_subject} from a body
 */
public record EventType<T extends ContractMessage>(
    String ceType, Class<T> bodyClass, String topic, Function<T, String> subject) {

  /** Where the JSON Schema of this type lives on the classpath. */
  public static final String SCHEMA_DIRECTORY = "io/calsync/contracts/schemas/";

  public EventType {
    Objects.requireNonNull(ceType, "ceType");
    Objects.requireNonNull(bodyClass, "bodyClass");
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(subject, "subject");
  }

  /** Classpath resource of the JSON Schema of this type. */
  public String schemaResource() {
    return SCHEMA_DIRECTORY + ceType + ".schema.json";
  }

  /** The default {@code ce_subject} of {@code body}. */
  public String subjectOf(ContractMessage body) {
    return subject.apply(bodyClass.cast(body));
  }
}
