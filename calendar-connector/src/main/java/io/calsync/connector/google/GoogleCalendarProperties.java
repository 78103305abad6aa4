package io.calsync.connector.google;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the official Calendar client reaches Google.
 *
 * @param calendarRootUrl root URL of the Calendar API ({@code https://www.googleapis.com/} for real
 *     Google, the emulator's base URL locally); a trailing slash is added when missing
 * @param applicationName sent in the {@code User-Agent}
 * @param connectTimeout TCP connect timeout of one request
 * @param readTimeout read timeout of one request
 * @param userRateLimiterConfig name of the resilience4j rate-limiter configuration each user's own
 *     limiter is created from
 */
@ConfigurationProperties("calsync.google")
record GoogleCalendarProperties(
    @DefaultValue("http://localhost:8089/") String calendarRootUrl,
    @DefaultValue("calsync-calendar-connector") String applicationName,
    @DefaultValue("5s") Duration connectTimeout,
    @DefaultValue("20s") Duration readTimeout,
    @DefaultValue("google-user") String userRateLimiterConfig) {

  String rootUrl() {
    return calendarRootUrl.endsWith("/") ? calendarRootUrl : calendarRootUrl + "/";
  }
}
