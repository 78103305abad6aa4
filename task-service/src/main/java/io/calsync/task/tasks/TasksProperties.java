package io.calsync.task.tasks;

import java.time.ZoneId;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Task settings.
 *
 * @param defaultTimeZone IANA zone of a task created without {@code timeZone}; CRM clients are
 *     expected to send the user's zone, so the default only catches clients that do not
 */
@ConfigurationProperties("calsync.tasks")
public record TasksProperties(@DefaultValue("UTC") String defaultTimeZone) {

  public TasksProperties {
    if (!ZoneId.getAvailableZoneIds().contains(defaultTimeZone)) {
      throw new IllegalArgumentException(
          "calsync.tasks.default-time-zone must be an IANA time zone id, was " + defaultTimeZone);
    }
  }
}
