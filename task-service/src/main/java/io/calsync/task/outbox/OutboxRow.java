package io.calsync.task.outbox;

import java.time.Instant;
import java.util.UUID;

/** An unpublished outbox row as the relay reads it. */
record OutboxRow(
    UUID id,
    long sequence,
    String topic,
    String key,
    String type,
    String payload,
    Instant createdAt) {}
