package io.calsync.emulator.push;

import java.time.Instant;

/** A watch channel on a calendar's events, as {@code events.watch} created it. */
public record Channel(
    String id,
    String resourceId,
    String resourceUri,
    String calendarId,
    String account,
    String clientId,
    String address,
    String token,
    Instant expiration) {}
