package io.calsync.platform.messaging;

import io.calsync.contracts.cloudevents.CloudEventHeaders;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** When a record was produced: its {@code ce_time}, else its Kafka timestamp. */
public final class ProducedAt {

  private ProducedAt() {}

  public static Instant of(ConsumerRecord<String, ?> record) {
    String time = CloudEventHeaders.get(record.headers(), CloudEventHeaders.TIME);
    if (time != null) {
      try {
        return OffsetDateTime.parse(time).toInstant();
      } catch (DateTimeParseException e) {
        // a malformed ce_time: the broker's timestamp is the next best thing
      }
    }
    return Instant.ofEpochMilli(record.timestamp());
  }
}
