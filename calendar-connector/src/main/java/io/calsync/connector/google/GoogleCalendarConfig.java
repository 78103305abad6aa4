package io.calsync.connector.google;

import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.api.client.json.gson.GsonFactory;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Calendar client and its resilience4j instances: retry and circuit breaker {@code
 * google-calendar}, project-wide rate limiter {@code google-project}, and per-user limiters built
 * from the configuration {@code google-user} (all in {@code application.yml}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(GoogleCalendarProperties.class)
class GoogleCalendarConfig {

  static final String CALENDAR_INSTANCE = "google-calendar";
  static final String PROJECT_LIMITER = "google-project";

  @Bean
  GoogleCalendarGateway googleCalendarGateway(
      GoogleCalendarProperties properties,
      RetryRegistry retries,
      CircuitBreakerRegistry circuitBreakers,
      RateLimiterRegistry rateLimiters) {
    RateLimiterConfig perUser =
        rateLimiters
            .getConfiguration(properties.userRateLimiterConfig())
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "missing resilience4j.ratelimiter.configs."
                            + properties.userRateLimiterConfig()));
    return new GoogleCalendarGateway(
        new NetHttpTransport(),
        GsonFactory.getDefaultInstance(),
        properties,
        retries.retry(CALENDAR_INSTANCE),
        circuitBreakers.circuitBreaker(CALENDAR_INSTANCE),
        rateLimiters.rateLimiter(PROJECT_LIMITER),
        RateLimiterRegistry.of(perUser));
  }
}
