package io.calsync.contracts;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The JSON mapping of contract bodies: ISO-8601 strings for dates and times, null fields left out,
 * unknown fields ignored (additive evolution), offsets of {@code dateTime} values kept as sent.
 * Services that write a body themselves (e.g. into an outbox row) must use this mapper so that the
 * bytes match what {@link io.calsync.contracts.cloudevents.CloudEventSerializer} would produce.
 */
public final class ContractJson {

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .serializationInclusion(JsonInclude.Include.NON_NULL)
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private ContractJson() {}

  /** A new mapper configured for contract bodies; callers may reconfigure their copy. */
  public static ObjectMapper newMapper() {
    return MAPPER.copy();
  }

  /**
   * The JSON body of {@code body}, as the serializer writes it: for producers that store the body
   * themselves, e.g. in an outbox row.
   */
  public static String toJson(ContractMessage body) {
    try {
      return MAPPER.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new ContractViolationException("cannot write " + body.getClass().getSimpleName(), e);
    }
  }
}
