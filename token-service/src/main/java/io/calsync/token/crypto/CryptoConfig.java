package io.calsync.token.crypto;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(EncryptionProperties.class)
class CryptoConfig {

  /** Key id of the development key in application.yml; never for real refresh tokens. */
  static final String LOCAL_DEV_KEY_ID = "local-dev";

  private static final Logger log = LoggerFactory.getLogger(CryptoConfig.class);

  @Bean
  TokenCipher tokenCipher(EncryptionProperties properties) {
    TokenCipher cipher = new TokenCipher(properties.activeKeyId(), properties.keys());
    if (LOCAL_DEV_KEY_ID.equals(cipher.activeKeyId())) {
      log.warn(
          "Refresh tokens are encrypted with the local development key; set"
              + " CALSYNC_TOKEN_ENCRYPTION_KEY_ID and CALSYNC_TOKENS_ENCRYPTION_KEYS_<ID> outside"
              + " development");
    }
    return cipher;
  }
}
