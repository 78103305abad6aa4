package io.calsync.contracts.cloudevents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.calsync.contracts.ContractJson;
import io.calsync.contracts.ContractViolationException;
import io.calsync.contracts.EventTypes;
import io.calsync.contracts.GoldenFiles;
import io.calsync.contracts.Topics;
import io.calsync.contracts.connection.ConnectionConnected;
import io.calsync.contracts.task.TaskUpdated;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class CloudEventDeserializerTest {

  private static final ObjectMapper JSON = ContractJson.newMapper();

  private final CloudEventDeserializer deserializer = new CloudEventDeserializer();

  @Test
  void readsABodyWrittenByAnotherLanguage_withPlainHeaders() {
    TaskUpdated task = (TaskUpdated) readGoldenTaskUpdated(headers(EventTypes.TASK_UPDATED));

    assertThat(task.title()).isEqualTo("Call Acme about the renewal (moved)");
    assertThat(task.version()).isEqualTo(2);
  }

  @Test
  void ignoresUnknownFields_atTopLevelAndNested() throws Exception {
    ObjectNode body = golden(EventTypes.CONNECTION_CONNECTED);
    body.put("addedInAMinorRelease", "whatever");
    body.putObject("futureObject").put("x", 1);
    ((ObjectNode) body.get("settings")).put("futureSetting", true);

    ConnectionConnected connected =
        (ConnectionConnected)
            deserializer.deserialize(
                Topics.CONNECTION_EVENTS,
                headers(EventTypes.CONNECTION_CONNECTED),
                JSON.writeValueAsBytes(body));

    assertThat(connected).isEqualTo(GoldenFiles.primary(EventTypes.CONNECTION_CONNECTED).body());
  }

  @Test
  void rejectsAMissingRequiredField_namingIt() throws Exception {
    ObjectNode body = golden(EventTypes.TASK_UPDATED);
    body.remove("title");

    assertThatThrownBy(() -> readTaskUpdated(body))
        .isInstanceOf(ContractViolationException.class)
        .hasMessageContaining("title");
  }

  @Test
  void rejectsAMissingRequiredField_namingIt_evenWithoutSchemaValidation() throws Exception {
    deserializer.configure(Map.of(CloudEventDeserializer.VALIDATE_SCHEMA_CONFIG, "false"), false);
    ObjectNode body = golden(EventTypes.TASK_UPDATED);
    body.putNull("title");

    assertThatThrownBy(() -> readTaskUpdated(body))
        .isInstanceOf(ContractViolationException.class)
        .hasMessageContaining("missing required field `title`");
  }

  @Test
  void rejectsAWronglyTypedField_namingIt() throws Exception {
    ObjectNode body = golden(EventTypes.TASK_UPDATED);
    body.put("status", "DONE");

    assertThatThrownBy(() -> readTaskUpdated(body))
        .isInstanceOf(ContractViolationException.class)
        .hasMessageContaining("status");
  }

  @Test
  void rejectsAnUnknownCeType() {
    assertThatThrownBy(
            () ->
                deserializer.deserialize(
                    Topics.TASK_EVENTS, headers("io.calsync.task.renamed.v1"), bytes("{}")))
        .isInstanceOf(ContractViolationException.class)
        .hasMessage("unknown ce_type `io.calsync.task.renamed.v1`");
  }

  @Test
  void rejectsAFutureVersionOfAKnownType() {
    assertThatThrownBy(
            () ->
                deserializer.deserialize(
                    Topics.TASK_EVENTS,
                    headers("io.calsync.task.updated.v2"),
                    bytes(GoldenFiles.primary(EventTypes.TASK_UPDATED).json())))
        .isInstanceOf(ContractViolationException.class)
        .hasMessageContaining("unknown ce_type `io.calsync.task.updated.v2`");
  }

  @Test
  void rejectsAMissingCeTypeHeader() {
    Headers headers = headers(EventTypes.TASK_UPDATED);
    headers.remove(CloudEventHeaders.TYPE);

    assertThatThrownBy(() -> readGoldenTaskUpdated(headers))
        .isInstanceOf(ContractViolationException.class)
        .hasMessage("missing header `ce_type`");
  }

  @Test
  void rejectsMissingIdSourceAndSpecVersionHeaders() {
    for (String name :
        new String[] {
          CloudEventHeaders.ID, CloudEventHeaders.SOURCE, CloudEventHeaders.SPEC_VERSION
        }) {
      Headers headers = headers(EventTypes.TASK_UPDATED);
      headers.remove(name);

      assertThatThrownBy(() -> readGoldenTaskUpdated(headers))
          .isInstanceOf(ContractViolationException.class)
          .hasMessage("missing header `" + name + "`");
    }
  }

  @Test
  void rejectsAnotherSpecVersionAndContentType() {
    Headers spec = headers(EventTypes.TASK_UPDATED);
    CloudEventHeaders.set(spec, CloudEventHeaders.SPEC_VERSION, "0.3");
    Headers avro = headers(EventTypes.TASK_UPDATED);
    CloudEventHeaders.set(avro, CloudEventHeaders.CONTENT_TYPE, "application/avro");
    byte[] body = bytes(GoldenFiles.primary(EventTypes.TASK_UPDATED).json());

    assertThatThrownBy(() -> deserializer.deserialize(Topics.TASK_EVENTS, spec, body))
        .isInstanceOf(ContractViolationException.class)
        .hasMessageContaining("ce_specversion");
    assertThatThrownBy(() -> deserializer.deserialize(Topics.TASK_EVENTS, avro, body))
        .isInstanceOf(ContractViolationException.class)
        .hasMessageContaining("content-type");
  }

  @Test
  void acceptsJsonContentTypeWithCharset() {
    Headers headers = headers(EventTypes.TASK_UPDATED);
    CloudEventHeaders.set(
        headers, CloudEventHeaders.CONTENT_TYPE, "application/json; charset=utf-8");

    assertThat(readGoldenTaskUpdated(headers))
        .isEqualTo(GoldenFiles.primary(EventTypes.TASK_UPDATED).body());
  }

  @Test
  void rejectsMalformedJson() {
    assertThatThrownBy(
            () ->
                deserializer.deserialize(
                    Topics.TASK_EVENTS,
                    headers(EventTypes.TASK_UPDATED),
                    bytes("{\"taskId\": \"t1\", ")))
        .isInstanceOf(ContractViolationException.class)
        .hasMessageStartingWith("malformed JSON body of io.calsync.task.updated.v1");
  }

  @Test
  void rejectsABodyThatIsNotAnObject() {
    assertThatThrownBy(
            () ->
                deserializer.deserialize(
                    Topics.TASK_EVENTS, headers(EventTypes.TASK_UPDATED), bytes("[1, 2]")))
        .isInstanceOf(ContractViolationException.class)
        .hasMessageContaining("expected a JSON object");
  }

  @Test
  void rejectsATypeOnAnotherContractTopic() {
    assertThatThrownBy(
            () ->
                deserializer.deserialize(
                    Topics.CALENDAR_COMMANDS,
                    headers(EventTypes.TASK_UPDATED),
                    bytes(GoldenFiles.primary(EventTypes.TASK_UPDATED).json())))
        .isInstanceOf(ContractViolationException.class)
        .hasMessageContaining("belongs on crm.task-events");
  }

  @Test
  void readsFromTheDeadLetterTopicOfItsTopic() {
    assertThat(
            deserializer.deserialize(
                Topics.dlt(Topics.TASK_EVENTS),
                headers(EventTypes.TASK_UPDATED),
                bytes(GoldenFiles.primary(EventTypes.TASK_UPDATED).json())))
        .isInstanceOf(TaskUpdated.class);
  }

  @Test
  void rejectsARecordWithoutHeaders() {
    assertThatThrownBy(() -> deserializer.deserialize(Topics.TASK_EVENTS, bytes("{}")))
        .isInstanceOf(ContractViolationException.class)
        .hasMessageContaining("missing header `ce_type`");
  }

  @Test
  void returnsNullOnlyForATombstone() {
    assertThat(
            deserializer.deserialize(
                Topics.CONNECTION_EVENTS, headers(EventTypes.CONNECTION_REVOKED), (byte[]) null))
        .isNull();
  }

  /** {@code body} as a {@code task.updated} record on {@code crm.task-events}. */
  private Object readTaskUpdated(ObjectNode body) throws Exception {
    return deserializer.deserialize(
        Topics.TASK_EVENTS, headers(EventTypes.TASK_UPDATED), JSON.writeValueAsBytes(body));
  }

  /** The golden {@code task.updated} body on {@code crm.task-events}, with {@code headers}. */
  private Object readGoldenTaskUpdated(Headers headers) {
    return deserializer.deserialize(
        Topics.TASK_EVENTS, headers, bytes(GoldenFiles.primary(EventTypes.TASK_UPDATED).json()));
  }

  private static Headers headers(String ceType) {
    return new CloudEventAttributes("id-1", ceType, "/other-crm/go-service", null, null)
        .applyTo(
            new RecordHeaders()
                .add(CloudEventHeaders.SPEC_VERSION, bytes("1.0"))
                .add(CloudEventHeaders.CONTENT_TYPE, bytes("application/json")));
  }

  private static ObjectNode golden(String ceType) throws Exception {
    return (ObjectNode) JSON.readTree(GoldenFiles.primary(ceType).json());
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
