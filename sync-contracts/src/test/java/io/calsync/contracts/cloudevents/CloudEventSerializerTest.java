package io.calsync.contracts.cloudevents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.calsync.contracts.ContractViolationException;
import io.calsync.contracts.EventTypes;
import io.calsync.contracts.GoldenFiles;
import io.calsync.contracts.Topics;
import io.calsync.contracts.task.TaskUpdated;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class CloudEventSerializerTest {

  private static final Instant NOW = Instant.parse("2026-03-01T10:02:12Z");

  private final TaskUpdated task =
      (TaskUpdated) GoldenFiles.primary(EventTypes.TASK_UPDATED).body();

  private final CloudEventSerializer serializer =
      new CloudEventSerializer("/calsync/task-service", Clock.fixed(NOW, ZoneOffset.UTC));

  @Test
  void keepsAttributesTheProducerSetExplicitly_likeAnOutboxRowId() {
    Headers headers =
        CloudEventAttributes.withId("outbox-row-1017")
            .source("/crm/legacy-importer")
            .subject("custom-subject")
            .time(Instant.parse("2026-03-01T10:02:11.250Z"))
            .toHeaders();

    serializer.serialize(Topics.TASK_EVENTS, headers, task);

    assertThat(CloudEventAttributes.from(headers))
        .isEqualTo(
            new CloudEventAttributes(
                "outbox-row-1017",
                EventTypes.TASK_UPDATED,
                "/crm/legacy-importer",
                "custom-subject",
                Instant.parse("2026-03-01T10:02:11.250Z")));
  }

  @Test
  void defaultsSourceFromConfig_subjectToTheEntityId_andTimeToNow() {
    Headers headers = new RecordHeaders();

    serializer.serialize(Topics.TASK_EVENTS, headers, task);

    CloudEventAttributes attributes = CloudEventAttributes.from(headers);
    assertThat(attributes.source()).isEqualTo("/calsync/task-service");
    assertThat(attributes.subject()).isEqualTo(task.taskId());
    assertThat(attributes.time()).isEqualTo(NOW);
    assertThat(attributes.id()).isNotBlank();
  }

  @Test
  void givesEveryRecordItsOwnId() {
    Headers first = new RecordHeaders();
    Headers second = new RecordHeaders();

    serializer.serialize(Topics.TASK_EVENTS, first, task);
    serializer.serialize(Topics.TASK_EVENTS, second, task);

    assertThat(CloudEventAttributes.from(first).id())
        .isNotEqualTo(CloudEventAttributes.from(second).id());
  }

  @Test
  void takesTheSourceFromTheProducerProperty() {
    CloudEventSerializer configured = new CloudEventSerializer();
    configured.configure(
        Map.of(CloudEventSerializer.SOURCE_CONFIG, "/calsync/orchestrator"), false);
    Headers headers = new RecordHeaders();

    configured.serialize(Topics.TASK_EVENTS, headers, task);

    assertThat(CloudEventAttributes.from(headers).source()).isEqualTo("/calsync/orchestrator");
  }

  @Test
  void rejectsARecordWithoutSource() {
    CloudEventSerializer unconfigured = new CloudEventSerializer();
    unconfigured.configure(Map.of(), false);

    assertThatThrownBy(() -> unconfigured.serialize(Topics.TASK_EVENTS, new RecordHeaders(), task))
        .isInstanceOf(ContractViolationException.class)
        .hasMessageContaining(CloudEventSerializer.SOURCE_CONFIG);
  }

  @Test
  void rejectsAPresetCeTypeThatContradictsTheBody() {
    Headers headers =
        new CloudEventAttributes(null, EventTypes.TASK_CREATED, null, null, null).toHeaders();

    assertThatThrownBy(() -> serializer.serialize(Topics.TASK_EVENTS, headers, task))
        .isInstanceOf(ContractViolationException.class)
        .hasMessageContaining(EventTypes.TASK_CREATED);
  }

  @Test
  void rejectsABodyOnTheWrongContractTopic_butAllowsItsDeadLetterTopicAndPrivateTopics() {
    assertThatThrownBy(
            () -> serializer.serialize(Topics.CALENDAR_COMMANDS, new RecordHeaders(), task))
        .isInstanceOf(ContractViolationException.class)
        .hasMessageContaining("belongs on crm.task-events, not on calendar.commands");

    assertThat(serializer.serialize(Topics.dlt(Topics.TASK_EVENTS), new RecordHeaders(), task))
        .isNotEmpty();
    assertThat(serializer.serialize("test.private-topic", new RecordHeaders(), task)).isNotEmpty();
  }

  @Test
  void rejectsObjectsThatAreNotContractMessages() {
    assertThatThrownBy(() -> serializer.serialize(Topics.TASK_EVENTS, new RecordHeaders(), "hi"))
        .isInstanceOf(ContractViolationException.class)
        .hasMessageContaining("not a contract message");
  }

  @Test
  void passesRawBytesThrough_soADeadLetterPublisherCanForwardUnreadableRecords() {
    byte[] raw = "{not json".getBytes(StandardCharsets.UTF_8);
    Headers headers = new RecordHeaders();

    assertThat(serializer.serialize(Topics.dlt(Topics.TASK_EVENTS), headers, raw)).isSameAs(raw);
    assertThat(headers.toArray()).isEmpty();
  }

  @Test
  void refusesToWriteWithoutHeaders() {
    assertThatThrownBy(() -> serializer.serialize(Topics.TASK_EVENTS, task))
        .isInstanceOf(ContractViolationException.class)
        .hasMessageContaining("headers");
  }
}
