package io.calsync.contracts.cloudevents;

import io.calsync.contracts.ContractViolationException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The CloudEvents context attributes of a record.
 *
 * <p>On the producing side, set the ones you want to control on the {@code ProducerRecord} before
 * sending (e.g. an outbox relay reuses its row id as {@code ce_id}): {@code
 * CloudEventAttributes.withId(rowId).applyTo(record.headers())}. The serializer keeps headers that
 * are already present and fills in the rest. On the consuming side, {@link #from(Headers)} reads
 * them, e.g. {@code ce_id} for the inbox table.
 *
 * @param id nullable {@code ce_id}
 * @param type nullable {@code ce_type}
 * @param source nullable {@code ce_source}
 * @param subject nullable {@code ce_subject}
 * @param time nullable {@code ce_time}
 */
public record CloudEventAttributes(
    String id, String type, String source, String subject, Instant time) {

  /** Only {@code ce_id} set. */
  public static CloudEventAttributes withId(String id) {
    return new CloudEventAttributes(id, null, null, null, null);
  }

  /** A copy with {@code ce_source} set. */
  public CloudEventAttributes source(String source) {
    return new CloudEventAttributes(id, type, source, subject, time);
  }

  /** A copy with {@code ce_subject} set. */
  public CloudEventAttributes subject(String subject) {
    return new CloudEventAttributes(id, type, source, subject, time);
  }

  /** A copy with {@code ce_time} set. */
  public CloudEventAttributes time(Instant time) {
    return new CloudEventAttributes(id, type, source, subject, time);
  }

  /** Writes the non-null attributes as headers, replacing existing ones of the same name. */
  public Headers applyTo(Headers headers) {
    setIfPresent(headers, CloudEventHeaders.ID, id);
    setIfPresent(headers, CloudEventHeaders.TYPE, type);
    setIfPresent(headers, CloudEventHeaders.SOURCE, source);
    setIfPresent(headers, CloudEventHeaders.SUBJECT, subject);
    setIfPresent(headers, CloudEventHeaders.TIME, time == null ? null : time.toString());
    return headers;
  }

  /** The attributes as a fresh set of headers. */
  public Headers toHeaders() {
    return applyTo(new RecordHeaders());
  }

  /**
   * Reads the attributes of a consumed record; absent headers are null.
   *
   * @throws ContractViolationException when {@code ce_time} is not an RFC 3339 timestamp
   */
  public static CloudEventAttributes from(Headers headers) {
    String time = CloudEventHeaders.get(headers, CloudEventHeaders.TIME);
    return new CloudEventAttributes(
        CloudEventHeaders.get(headers, CloudEventHeaders.ID),
        CloudEventHeaders.get(headers, CloudEventHeaders.TYPE),
        CloudEventHeaders.get(headers, CloudEventHeaders.SOURCE),
        CloudEventHeaders.get(headers, CloudEventHeaders.SUBJECT),
        time == null ? null : parseTime(time));
  }

  private static Instant parseTime(String time) {
    try {
      return OffsetDateTime.parse(time).toInstant();
    } catch (DateTimeParseException e) {
      throw new ContractViolationException(
          "header `" + CloudEventHeaders.TIME + "` is not an RFC 3339 timestamp: " + time, e);
    }
  }

  private static void setIfPresent(Headers headers, String name, String value) {
    if (value != null) {
      CloudEventHeaders.set(headers, name, value);
    }
  }
}
