package io.calsync.emulator.push;

import java.time.Instant;

/** One push notification attempt: the receiver's HTTP status, or the error when it failed. */
public record Delivery(
    String channelId,
    long messageNumber,
    String resourceState,
    Integer status,
    String error,
    Instant at) {}
