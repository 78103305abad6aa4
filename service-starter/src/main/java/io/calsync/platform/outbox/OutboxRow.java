package io.calsync.platform.outbox;

import java.time.Instant;
import java.util.UUID;

/**
 * An unpublished outbox row as the relay reads it; {@code payload} is null for a tombstone.
 *
 * @param topic the Kafka topic ({@code aggregatetype})
 * @param key the Kafka key, the owner's user id ({@code aggregateid})
 * @param type the {@code ce_type}, or {@link OutboxWriter#TOMBSTONE_TYPE}
 */
record OutboxRow(
    UUID id,
    long sequence,
    String topic,
    String key,
    String type,
    String payload,
    Instant createdAt) {

  boolean tombstone() {
    return OutboxWriter.TOMBSTONE_TYPE.equals(type);
  }
}
