package io.calsync.contracts.cloudevents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.calsync.contracts.ContractJson;
import io.calsync.contracts.ContractMessage;
import io.calsync.contracts.ContractViolationException;
import io.calsync.contracts.GoldenFiles;
import io.calsync.contracts.GoldenFiles.GoldenFile;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class GoldenRoundTripTest {

  private static final String SOURCE = "/calsync/contract-tests";
  private static final ObjectMapper JSON = ContractJson.newMapper();

  private final CloudEventSerializer serializer = new CloudEventSerializer();
  private final CloudEventDeserializer deserializer = new CloudEventDeserializer();

  GoldenRoundTripTest() {
    serializer.configure(Map.of(CloudEventSerializer.SOURCE_CONFIG, SOURCE), false);
    deserializer.configure(Map.of(), false);
  }

  static Stream<GoldenFile> goldenFiles() {
    return GoldenFiles.all().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("goldenFiles")
  void goldenFileValidatesAgainstItsSchema(GoldenFile golden) throws Exception {
    assertThat(ContractSchemas.violations(golden.type(), JSON.readTree(golden.json()))).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("goldenFiles")
  void goldenFileRoundTripsThroughTheSerde(GoldenFile golden) throws Exception {
    ContractMessage body = golden.body();
    Headers headers = new RecordHeaders();

    byte[] bytes = serializer.serialize(golden.type().topic(), headers, body);
    ContractMessage back = deserializer.deserialize(golden.type().topic(), headers, bytes);

    assertThat(back).isEqualTo(body);
    assertThat(JSON.readTree(bytes)).isEqualTo(JSON.readTree(golden.json()));
    assertThat(ContractJson.toJson(body)).isEqualTo(new String(bytes, StandardCharsets.UTF_8));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("goldenFiles")
  void serializerWritesCloudEventsBinaryHeaders_withDefaults(GoldenFile golden) {
    ContractMessage body = golden.body();
    Headers headers = new RecordHeaders();
    Instant before = Instant.now();

    serializer.serialize(golden.type().topic(), headers, body);

    CloudEventAttributes attributes = CloudEventAttributes.from(headers);
    assertThat(attributes.type()).isEqualTo(golden.ceType());
    assertThat(attributes.source()).isEqualTo(SOURCE);
    assertThat(attributes.subject()).isEqualTo(golden.type().subjectOf(body)).isNotBlank();
    assertThat(UUID.fromString(attributes.id())).isNotNull();
    assertThat(attributes.time()).isBetween(before.minusMillis(1), Instant.now().plusMillis(1));
    assertThat(CloudEventHeaders.get(headers, CloudEventHeaders.SPEC_VERSION)).isEqualTo("1.0");
    assertThat(CloudEventHeaders.get(headers, CloudEventHeaders.CONTENT_TYPE))
        .isEqualTo("application/json");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("goldenFiles")
  void noJavaClassNamesOnTheWire(GoldenFile golden) {
    Headers headers = new RecordHeaders();
    byte[] bytes = serializer.serialize(golden.type().topic(), headers, golden.body());

    assertThat(headers)
        .extracting(header -> header.key())
        .containsExactlyInAnyOrder(
            "ce_type",
            "ce_specversion",
            "content-type",
            "ce_id",
            "ce_source",
            "ce_subject",
            "ce_time");
    assertThat(new String(bytes, StandardCharsets.UTF_8))
        .doesNotContain("io.calsync.contracts")
        .doesNotContain("java.");
    headers.forEach(
        header ->
            assertThat(new String(header.value(), StandardCharsets.UTF_8))
                .doesNotContain("io.calsync.contracts"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("goldenFiles")
  void schemaRejectsTheGoldenBody_withoutAnyOfItsRequiredFields(GoldenFile golden)
      throws Exception {
    ObjectNode schema =
        (ObjectNode)
            JSON.readTree(getClass().getClassLoader().getResource(golden.type().schemaResource()));
    List<String> required =
        JSON.convertValue(schema.get("required"), JSON.constructType(List.class));
    assertThat(required).isNotEmpty();

    for (String field : required) {
      ObjectNode body = (ObjectNode) JSON.readTree(golden.json());
      body.remove(field);
      assertThat(ContractSchemas.violations(golden.type(), body))
          .as("schema violations without `%s`", field)
          .anySatisfy(message -> assertThat(message).contains(field));

      Headers headers = new RecordHeaders();
      headers.add("ce_type", golden.ceType().getBytes(StandardCharsets.UTF_8));
      headers.add("ce_specversion", "1.0".getBytes(StandardCharsets.UTF_8));
      headers.add("ce_id", "1".getBytes(StandardCharsets.UTF_8));
      headers.add("ce_source", "/test".getBytes(StandardCharsets.UTF_8));
      byte[] bytes = JSON.writeValueAsBytes(body);
      CloudEventDeserializer lenient = new CloudEventDeserializer();
      lenient.configure(Map.of(CloudEventDeserializer.VALIDATE_SCHEMA_CONFIG, "false"), false);
      assertThatThrownBy(() -> lenient.deserialize(golden.type().topic(), headers, bytes))
          .as("record validation without `%s`", field)
          .isInstanceOf(ContractViolationException.class)
          .hasMessageContaining(field);
    }
  }
}
