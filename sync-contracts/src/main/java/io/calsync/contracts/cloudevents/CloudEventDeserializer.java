package io.calsync.contracts.cloudevents;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.calsync.contracts.ContractJson;
import io.calsync.contracts.ContractMessage;
import io.calsync.contracts.ContractViolationException;
import io.calsync.contracts.EventType;
import io.calsync.contracts.EventTypes;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads a CloudEvents binary-mode Kafka record into its contract record: {@code ce_type} selects
 * the record class, unknown JSON fields are ignored, and the body is checked against the type's
 * JSON Schema (switch off with {@value #VALIDATE_SCHEMA_CONFIG}{@code =false}).
 *
 * <p>Every broken record is rejected with a {@link ContractViolationException} naming the problem:
 * a missing header, an unknown {@code ce_type}, malformed JSON, a missing required field. It never
 * answers null for a record with a body; a null value (a tombstone on a compacted topic) is
 * returned as null.
 */
public class CloudEventDeserializer implements Deserializer<ContractMessage> {

  /** Consumer property: validate bodies against their JSON Schema ({@code true} by default). */
  public static final String VALIDATE_SCHEMA_CONFIG = "calsync.cloudevents.validate-schema";

  private final ObjectMapper mapper = ContractJson.newMapper();
  private boolean validateSchema = true;

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    Object configured = configs.get(VALIDATE_SCHEMA_CONFIG);
    if (configured != null) {
      validateSchema = Boolean.parseBoolean(configured.toString());
    }
  }

  /** Always fails for a non-null value: binary mode needs the headers. */
  @Override
  public ContractMessage deserialize(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    throw new ContractViolationException(
        "missing header `ce_type`: CloudEvents binary mode needs record headers");
  }

  @Override
  public ContractMessage deserialize(String topic, Headers headers, byte[] data) {
    if (data == null) {
      return null;
    }
    String specVersion = requireHeader(headers, CloudEventHeaders.SPEC_VERSION);
    if (!CloudEventHeaders.SPEC_VERSION_1_0.equals(specVersion)) {
      throw new ContractViolationException(
          "unsupported `ce_specversion` " + specVersion + ", expected 1.0");
    }
    String ceType = requireHeader(headers, CloudEventHeaders.TYPE);
    EventType<?> type =
        EventTypes.byCeType(ceType)
            .orElseThrow(() -> new ContractViolationException("unknown ce_type `" + ceType + "`"));
    requireHeader(headers, CloudEventHeaders.ID);
    requireHeader(headers, CloudEventHeaders.SOURCE);
    String contentType = CloudEventHeaders.get(headers, CloudEventHeaders.CONTENT_TYPE);
    if (contentType != null && !contentType.startsWith(CloudEventHeaders.APPLICATION_JSON)) {
      throw new ContractViolationException(
          "unsupported `content-type` " + contentType + ", expected application/json");
    }
    TopicRules.requireBelongs(type, topic);
    return read(type, data);
  }

  private ContractMessage read(EventType<?> type, byte[] data) {
    JsonNode body;
    try {
      body = mapper.readTree(data);
    } catch (IOException e) {
      throw new ContractViolationException(
          "malformed JSON body of " + type.ceType() + ": " + originalMessage(e), e);
    }
    if (body == null || !body.isObject()) {
      throw new ContractViolationException(
          "malformed JSON body of " + type.ceType() + ": expected a JSON object");
    }
    if (validateSchema) {
      List<String> violations = ContractSchemas.violations(type, body);
      if (!violations.isEmpty()) {
        throw new ContractViolationException(
            "body of " + type.ceType() + " violates its schema: " + String.join("; ", violations));
      }
    }
    try {
      return mapper.treeToValue(body, type.bodyClass());
    } catch (ValueInstantiationException e) {
      if (e.getCause() instanceof ContractViolationException violation) {
        throw new ContractViolationException(
            "invalid " + type.ceType() + ": " + violation.getMessage(), violation);
      }
      throw new ContractViolationException(
          "invalid " + type.ceType() + ": " + originalMessage(e), e);
    } catch (JsonMappingException e) {
      throw new ContractViolationException(
          "invalid field `" + path(e) + "` in " + type.ceType() + ": " + originalMessage(e), e);
    } catch (JsonProcessingException e) {
      throw new ContractViolationException(
          "malformed JSON body of " + type.ceType() + ": " + originalMessage(e), e);
    }
  }

  private static String requireHeader(Headers headers, String name) {
    String value = CloudEventHeaders.get(headers, name);
    if (value == null || value.isBlank()) {
      throw new ContractViolationException("missing header `" + name + "`");
    }
    return value;
  }

  private static String path(JsonMappingException e) {
    return e.getPath().stream()
        .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
        .collect(Collectors.joining("."));
  }

  private static String originalMessage(IOException e) {
    return e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage();
  }
}
