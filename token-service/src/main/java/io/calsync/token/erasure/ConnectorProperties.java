package io.calsync.token.erasure;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How token-service calls calendar-connector's internal API ({@code calsync.connector}).
 *
 * @param url base URL of the connector
 * @param timeout longest wait for the Google clean-up (it lists the calendar and deletes events at
 *     the connector's per-user rate)
 * @param serviceToken the HS256 JWT that proves this service's identity to the connector
 */
@Validated
@ConfigurationProperties("calsync.connector")
record ConnectorProperties(
    @NotBlank String url, @NotNull Duration timeout, @NotNull ServiceToken serviceToken) {

  /**
   * Known limit: a secret shared with the connector (by default the user-token secret), so this key
   * could also sign user tokens; production is to use client-credentials tokens of the identity
   * provider instead (a separate issue), as for the connector's calls to this service.
   *
   * @param secret HS256 key, at least 32 bytes
   * @param subject {@code sub} of the token
   * @param ttl lifetime of one token
   */
  record ServiceToken(
      @NotBlank @Size(min = 32) String secret, @NotBlank String subject, @NotNull Duration ttl) {}
}
