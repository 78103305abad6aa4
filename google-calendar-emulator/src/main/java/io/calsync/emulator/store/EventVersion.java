package io.calsync.emulator.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * One immutable version of an event: its full resource as Google renders it, the position in the
 * calendar's change log ({@code changeNumber}) and when it was written. Callers must not mutate
 * {@link #resource()}; use {@link #copy()}.
 */
public record EventVersion(String id, ObjectNode resource, long changeNumber, Instant writtenAt) {

  public boolean cancelled() {
    return "cancelled".equals(resource.path("status").asText());
  }

  public String etag() {
    return resource.path("etag").asText();
  }

  public int sequence() {
    return resource.path("sequence").asInt(0);
  }

  public ObjectNode copy() {
    return resource.deepCopy();
  }
}
