package io.calsync.token.oauth;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The connect flow's {@code state}.
 *
 * @param stateTtl how long a connect attempt may take from start to callback
 * @param stateSigningKey HMAC-SHA256 key signing each state; at least 32 bytes
 * @param returnUrl the page the browser returns to after the callback unless the start request
 *     named another allow-listed one (the settings page)
 */
@ConfigurationProperties("calsync.oauth")
record OAuthProperties(
    @DefaultValue("10m") Duration stateTtl, String stateSigningKey, String returnUrl) {

  OAuthProperties {
    if (stateSigningKey == null || stateSigningKey.getBytes(StandardCharsets.UTF_8).length < 32) {
      throw new IllegalArgumentException(
          "calsync.oauth.state-signing-key (CALSYNC_OAUTH_STATE_SIGNING_KEY) must be at least 32"
              + " bytes");
    }
  }
}
