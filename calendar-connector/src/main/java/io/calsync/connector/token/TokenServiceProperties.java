package io.calsync.connector.token;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where and how the connector obtains Google access tokens.
 *
 * @param url base URL of token-service
 * @param timeout deadline of one call to token-service
 * @param expiryMargin a cached access token is used only while it is valid for at least this long
 * @param serviceToken the JWT the connector authenticates to token-service with
 */
@ConfigurationProperties("calsync.token-service")
record TokenServiceProperties(
    @DefaultValue("http://localhost:8084") URI url,
    @DefaultValue("5s") Duration timeout,
    @DefaultValue("60s") Duration expiryMargin,
    @DefaultValue ServiceToken serviceToken) {

  /**
   * The locally minted service JWT (HS256 with the shared secret). Production replaces it with the
   * identity provider's client-credentials token; see the README.
   *
   * @param secret HS256 key shared with token-service (at least 32 bytes)
   * @param subject {@code sub} claim: the calling service
   * @param ttl lifetime of one minted token; a new one is minted shortly before it expires
   */
  record ServiceToken(
      String secret,
      @DefaultValue("calendar-connector") String subject,
      @DefaultValue("5m") Duration ttl) {}
}
