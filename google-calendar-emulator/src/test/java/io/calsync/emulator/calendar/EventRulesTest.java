package io.calsync.emulator.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.calsync.emulator.wire.GoogleApiException;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class EventRulesTest {

  final ObjectMapper json = new ObjectMapper();
  static final ZoneId UTC = ZoneId.of("UTC");
  static final long T0 = 1_795_000_000_000_000L;

  ObjectNode body(String text) throws Exception {
    return (ObjectNode) json.readTree(text);
  }

  ObjectNode event(String summary, String start, String end) throws Exception {
    return body(
        "{\"summary\":\""
            + summary
            + "\",\"start\":{\"dateTime\":\""
            + start
            + "\"},\"end\":{\"dateTime\":\""
            + end
            + "\"}}");
  }

  /** An event from 10:00 to 11:00 UTC on 2026-05-01. */
  ObjectNode tenToEleven(String summary) throws Exception {
    return event(summary, "2026-05-01T10:00:00Z", "2026-05-01T11:00:00Z");
  }

  /**
   * The stored resource of a plain Calendar API write of {@code body} to event {@code abcde} of
   * calendar {@code a@x}; {@code previous} is null for an insert.
   */
  static ObjectNode build(ObjectNode body, ObjectNode previous, long micros) {
    return build(body, previous, "a@x", micros);
  }

  static ObjectNode build(ObjectNode body, ObjectNode previous, String calendarId, long micros) {
    return EventRules.build(
        body, previous, calendarId, "abcde", micros, UTC, EventRules.WriteContext.API_DEFAULTS);
  }

  @Test
  void insert_setsServerFieldsAndQuotedEtag() throws Exception {
    ObjectNode created =
        build(
            event("a", "2026-05-01T10:00:00+02:00", "2026-05-01T11:00:00+02:00"),
            null,
            "alice@example.com",
            T0);

    assertThat(created.get("etag").asText()).isEqualTo("\"" + T0 + "\"");
    assertThat(created.get("sequence").asInt()).isZero();
    assertThat(created.get("status").asText()).isEqualTo("confirmed");
    assertThat(created.get("created").asText())
        .isEqualTo(created.get("updated").asText())
        .endsWith("Z");
    assertThat(created.get("iCalUID").asText()).isEqualTo("abcde@google.com");
    assertThat(created.path("organizer").path("self").asBoolean()).isTrue();
    assertThat(created.path("start").path("dateTime").asText()).isEqualTo("2026-05-01T08:00:00Z");
  }

  @Test
  void sequence_bumpsOnSchedulingChangesOnly() throws Exception {
    ObjectNode v1 = build(tenToEleven("a"), null, T0);

    ObjectNode described = tenToEleven("a").put("description", "more");
    assertThat(build(described, v1, T0 + 1).get("sequence").asInt()).isZero();
    ObjectNode sameInstantOtherOffset =
        event("a", "2026-05-01T12:00:00+02:00", "2026-05-01T13:00:00+02:00");
    assertThat(build(sameInstantOtherOffset, v1, T0 + 2).get("sequence").asInt()).isZero();
    ObjectNode moved = event("a", "2026-05-01T10:30:00Z", "2026-05-01T11:30:00Z");
    assertThat(build(moved, v1, T0 + 3).get("sequence").asInt()).isEqualTo(1);
    ObjectNode renamed = tenToEleven("b");
    assertThat(build(renamed, v1, T0 + 4).get("sequence").asInt()).isEqualTo(1);
  }

  @Test
  void sequenceBelowCurrent_isInvalid() throws Exception {
    ObjectNode v1 = build(tenToEleven("a").put("sequence", 3), null, T0);

    assertThatThrownBy(() -> build(tenToEleven("a").put("sequence", 2), v1, T0 + 1))
        .isInstanceOf(GoogleApiException.class)
        .hasMessageContaining("sequence");
  }

  @Test
  void endBeforeStart_isTimeRangeEmpty_andMissingEndIsRequired() throws Exception {
    assertThatThrownBy(
            () -> build(event("a", "2026-05-01T10:00:00Z", "2026-05-01T09:00:00Z"), null, T0))
        .isInstanceOfSatisfying(
            GoogleApiException.class, e -> assertThat(e.reason()).isEqualTo("timeRangeEmpty"));
    assertThatThrownBy(() -> build(body("{\"start\":{\"date\":\"2026-05-01\"}}"), null, T0))
        .isInstanceOfSatisfying(
            GoogleApiException.class, e -> assertThat(e.reason()).isEqualTo("required"));
  }

  @Test
  void merge_replacesScalarsAndArrays_mergesObjects_andNullClears() throws Exception {
    ObjectNode target =
        body(
            "{\"summary\":\"a\",\"description\":\"d\",\"recurrence\":[\"x\",\"y\"],\"extendedProperties\":{\"private\":{\"k\":\"1\"}}}");

    EventRules.merge(
        target,
        body(
            "{\"summary\":\"b\",\"description\":null,\"recurrence\":[\"z\"],\"extendedProperties\":{\"private\":{\"m\":\"2\"}}}"));

    assertThat(target.toString())
        .isEqualTo(
            "{\"summary\":\"b\",\"recurrence\":[\"z\"],\"extendedProperties\":{\"private\":{\"k\":\"1\",\"m\":\"2\"}}}");
  }

  @Test
  void ifMatch_acceptsQuotedUnquotedWeakAndWildcard() {
    String etag = "\"123\"";
    assertThat(EventRules.matches("\"123\"", etag)).isTrue();
    assertThat(EventRules.matches("123", etag)).isTrue();
    assertThat(EventRules.matches("W/\"123\"", etag)).isTrue();
    assertThat(EventRules.matches("*", etag)).isTrue();
    assertThat(EventRules.matches(null, etag)).isTrue();
    assertThat(EventRules.matches("\"122\"", etag)).isFalse();
  }

  @Test
  void cancel_keepsTheEventButChangesEtagAndStatus() throws Exception {
    ObjectNode v1 = build(tenToEleven("a"), null, T0);

    ObjectNode cancelled = EventRules.cancel(v1, T0 + 5);

    assertThat(cancelled.get("status").asText()).isEqualTo("cancelled");
    assertThat(cancelled.get("etag").asText()).isNotEqualTo(v1.get("etag").asText());
    assertThat(EventRules.tombstone(cancelled).size()).isEqualTo(4);
  }
}
