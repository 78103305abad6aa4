package io.calsync.contracts.cloudevents;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.calsync.contracts.ContractJson;
import io.calsync.contracts.ContractMessage;
import io.calsync.contracts.ContractViolationException;
import io.calsync.contracts.EventType;
import io.calsync.contracts.EventTypes;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes a contract record as a CloudEvents binary-mode Kafka record: {@code ce_*} and {@code
 * content-type} headers, JSON body.
 *
 * <p>{@code ce_type}, {@code ce_specversion} and {@code content-type} always come from the
 * registry. {@code ce_id}, {@code ce_source}, {@code ce_subject} and {@code ce_time} headers that
 * the producer already put on the record are kept (see {@link CloudEventAttributes}); missing ones
 * default to a random UUID, the configured {@value #SOURCE_CONFIG}, the entity id and now.
 *
 * <p>A {@code byte[]} value passes through unchanged, so that a dead-letter publisher can forward a
 * record that could not be deserialised with the same serializer. A null value (tombstone) is
 * written as null without headers.
 */
public class CloudEventSerializer implements Serializer<Object> {

  /**
   * Producer property naming this service as {@code ce_source}, e.g. {@code /calsync/task-service}.
   */
  public static final String SOURCE_CONFIG = "calsync.cloudevents.source";

  private final ObjectMapper mapper = ContractJson.newMapper();
  private final Clock clock;
  private String source;

  /** For instantiation by Kafka; the source comes from {@value #SOURCE_CONFIG}. */
  public CloudEventSerializer() {
    this(null, Clock.systemUTC());
  }

  /** For programmatic use, e.g. {@code new DefaultKafkaProducerFactory<>(props, keySer, this)}. */
  public CloudEventSerializer(String source) {
    this(source, Clock.systemUTC());
  }

  CloudEventSerializer(String source, Clock clock) {
    this.source = source;
    this.clock = clock;
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    Object configured = configs.get(SOURCE_CONFIG);
    if (configured != null) {
      source = configured.toString();
    }
  }

  /**
   * Always fails: binary mode needs headers. Kafka producers call {@link #serialize(String,
   * Headers, Object)}.
   */
  @Override
  public byte[] serialize(String topic, Object data) {
    if (data == null) {
      return null;
    }
    throw new ContractViolationException(
        "CloudEvents binary mode needs record headers; use serialize(topic, headers, data)");
  }

  @Override
  public byte[] serialize(String topic, Headers headers, Object data) {
    if (data == null || data instanceof byte[]) {
      return (byte[]) data;
    }
    if (!(data instanceof ContractMessage body)) {
      throw new ContractViolationException("not a contract message: " + data.getClass().getName());
    }
    EventType<?> type = EventTypes.of(body);
    TopicRules.requireBelongs(type, topic);
    String presetType = CloudEventHeaders.get(headers, CloudEventHeaders.TYPE);
    if (presetType != null && !presetType.equals(type.ceType())) {
      throw new ContractViolationException(
          "header `ce_type` is " + presetType + " but the body is " + type.ceType());
    }
    CloudEventHeaders.set(headers, CloudEventHeaders.TYPE, type.ceType());
    CloudEventHeaders.set(
        headers, CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_1_0);
    CloudEventHeaders.set(
        headers, CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.APPLICATION_JSON);
    setIfAbsent(headers, CloudEventHeaders.ID, UUID.randomUUID().toString());
    setIfAbsent(headers, CloudEventHeaders.SOURCE, requireSource(headers));
    setIfAbsent(headers, CloudEventHeaders.SUBJECT, type.subjectOf(body));
    setIfAbsent(headers, CloudEventHeaders.TIME, clock.instant().toString());
    try {
      return mapper.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new ContractViolationException("cannot write " + type.ceType() + " as JSON", e);
    }
  }

  private String requireSource(Headers headers) {
    String preset = CloudEventHeaders.get(headers, CloudEventHeaders.SOURCE);
    if (preset != null) {
      return preset;
    }
    if (source == null || source.isBlank()) {
      throw new ContractViolationException(
          "no `ce_source`: set the header or the producer property " + SOURCE_CONFIG);
    }
    return source;
  }

  private static void setIfAbsent(Headers headers, String name, String value) {
    if (CloudEventHeaders.get(headers, name) == null) {
      CloudEventHeaders.set(headers, name, value);
    }
  }
}
