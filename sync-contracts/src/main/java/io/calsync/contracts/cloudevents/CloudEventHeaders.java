package io.calsync.contracts.cloudevents;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/** Names of the CloudEvents binary-mode Kafka headers, and helpers to read and write them. */
public final class CloudEventHeaders {

  public static final String ID = "ce_id";
  public static final String TYPE = "ce_type";
  public static final String SOURCE = "ce_source";
  public static final String TIME = "ce_time";
  public static final String SUBJECT = "ce_subject";
  public static final String SPEC_VERSION = "ce_specversion";
  public static final String CONTENT_TYPE = "content-type";

  /** The only CloudEvents version spoken. */
  public static final String SPEC_VERSION_1_0 = "1.0";

  /** The only body encoding spoken. */
  public static final String APPLICATION_JSON = "application/json";

  private CloudEventHeaders() {}

  /** The UTF-8 value of the last header named {@code name}, or null when absent. */
  public static String get(Headers headers, String name) {
    if (headers == null) {
      return null;
    }
    Header header = headers.lastHeader(name);
    return header == null || header.value() == null
        ? null
        : new String(header.value(), StandardCharsets.UTF_8);
  }

  /** Replaces every header named {@code name} by one with the UTF-8 {@code value}. */
  public static void set(Headers headers, String name, String value) {
    headers.remove(name);
    headers.add(name, value.getBytes(StandardCharsets.UTF_8));
  }
}
