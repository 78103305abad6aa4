package io.calsync.emulator.calendar;

import java.util.List;

/** The query parameters of {@code events.list} (and {@code events.instances}). */
record ListQuery(
    Integer maxResults,
    String pageToken,
    String syncToken,
    Boolean showDeleted,
    boolean singleEvents,
    String orderBy,
    String timeMin,
    String timeMax,
    String updatedMin,
    String q,
    String iCalUID,
    List<String> privateExtendedProperty,
    List<String> sharedExtendedProperty) {

  ListQuery {
    privateExtendedProperty = privateExtendedProperty == null ? List.of() : privateExtendedProperty;
    sharedExtendedProperty = sharedExtendedProperty == null ? List.of() : sharedExtendedProperty;
  }

  /** The parameters {@code events.instances} takes; instances are single events by nature. */
  static ListQuery instances(Integer maxResults, String pageToken, String timeMin, String timeMax) {
    return new ListQuery(
        maxResults,
        pageToken,
        null,
        null,
        true,
        null,
        timeMin,
        timeMax,
        null,
        null,
        null,
        null,
        null);
  }

  static ListQuery all() {
    return new ListQuery(
        null, null, null, true, false, null, null, null, null, null, null, null, null);
  }
}
